package dev.secrets4j.spring.boot.autoconfigure.jwt;

import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.testing.InMemorySecretProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test configuration: an {@link InMemorySecretProvider} holding {@link #KEY_ONE} as
 * {@code JWT_PRIVATE_KEY}, and a {@link Secrets} bean over it whose change listeners run on the
 * caller's thread, so {@code secrets.refresh(name)} rotates synchronously. Stands in for the core
 * auto-configuration's {@code Secrets} bean.
 */
@Configuration(proxyBeanMethods = false)
class JwtTestSecrets {

    /** RSA 2048 keys generated once per JVM (4096 would cost a second each). */
    static final String KEY_ONE = JwtKeyRing.generatePrivateKeyPem(2048);
    static final String KEY_TWO = JwtKeyRing.generatePrivateKeyPem(2048);
    static final String HMAC_SECRET = "canary-legacy-hmac-secret-0123456789abcdef";

    @Bean
    InMemorySecretProvider memory() {
        InMemorySecretProvider memory = InMemorySecretProvider.create();
        memory.set("JWT_PRIVATE_KEY", KEY_ONE);
        memory.set("JWT_SECRET", HMAC_SECRET);
        return memory;
    }

    @Bean
    Secrets secrets(InMemorySecretProvider memory) {
        return Secrets.builder().provider(memory).require("JWT_PRIVATE_KEY").listenerExecutor(Runnable::run).build();
    }

    /** A line from the middle of a PEM's base64 body: a leak of part of the key shows too. */
    static String middleLine(String pem) {
        String[] lines = pem.split("\n");
        return lines[lines.length / 2];
    }
}
