package dev.secrets4j.spring.boot.autoconfigure.jwt;

import dev.secrets4j.Secrets;
import dev.secrets4j.jwt.JwtKeyRing;
import dev.secrets4j.jwt.JwtSigner;
import dev.secrets4j.jwt.JwtVerifier;
import dev.secrets4j.spring.boot.autoconfigure.core.Secrets4jAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the JWT key ring, signer and verifier: on when {@code secrets4j-jwt} is on
 * the classpath and {@code secrets4j.jwt.private-key} names the secret holding the signing key.
 * Each bean backs off when the application defines its own. The ring reads its keys through the
 * {@link Secrets} bean, follows their rotation, and is closed before it on shutdown.
 */
@AutoConfiguration(after = Secrets4jAutoConfiguration.class)
@ConditionalOnClass(JwtKeyRing.class)
@ConditionalOnProperty(prefix = Secrets4jJwtProperties.PREFIX, name = "private-key")
@EnableConfigurationProperties(Secrets4jJwtProperties.class)
public class Secrets4jJwtAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public Secrets4jJwtAutoConfiguration() {
    }

    /**
     * The key ring built from {@code secrets4j.jwt.*}: reads every key at once and fails the boot
     * with an error naming the secret when one is missing or not a usable key.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public JwtKeyRing secrets4jJwtKeyRing(Secrets secrets, Secrets4jJwtProperties properties) {
        JwtKeyRing.Builder ring = JwtKeyRing.builder(secrets)
                .privateKey(properties.getPrivateKey())
                .algorithm(properties.getAlgorithm())
                .grace(properties.getGrace())
                .pending(properties.getPending());
        properties.getVerificationKeys().forEach(ring::verificationKey);
        Secrets4jJwtProperties.LegacyHmac legacy = properties.getLegacyHmac();
        if (legacy.getSecret() != null || legacy.getDeadline() != null) {
            if (legacy.getSecret() == null || legacy.getDeadline() == null) {
                throw new IllegalStateException("secrets4j.jwt.legacy-hmac needs both .secret (the name of the"
                        + " secret holding the HS256 key) and .deadline (when HS256 tokens stop being accepted, such as"
                        + " 2027-01-01T00:00:00Z); set both, or neither to accept no HS256 token");
            }
            ring.legacyHmac(legacy.getSecret(), legacy.getDeadline());
        }
        return ring.build();
    }

    /** The signer: the ring's primary key, {@code issuer} and {@code lifetime} from the properties. */
    @Bean
    @ConditionalOnMissingBean
    public JwtSigner secrets4jJwtSigner(JwtKeyRing ring, Secrets4jJwtProperties properties) {
        JwtSigner.Builder signer = JwtSigner.builder(ring).lifetime(properties.getLifetime());
        if (properties.getIssuer() != null) {
            signer.issuer(properties.getIssuer());
        }
        return signer.build();
    }

    /**
     * The verifier: trusts the ring's keys only, and checks {@code issuer}, {@code audience},
     * {@code clock-skew}, {@code required-claims} and {@code max-token-size} from the properties.
     */
    @Bean
    @ConditionalOnMissingBean
    public JwtVerifier secrets4jJwtVerifier(JwtKeyRing ring, Secrets4jJwtProperties properties) {
        JwtVerifier.Builder verifier = JwtVerifier.builder(ring)
                .clockSkew(properties.getClockSkew())
                .maxTokenSize(properties.getMaxTokenSize());
        if (properties.getIssuer() != null) {
            verifier.issuer(properties.getIssuer());
        }
        if (properties.getAudience() != null) {
            verifier.audience(properties.getAudience());
        }
        if (!properties.getRequiredClaims().isEmpty()) {
            verifier.requiredClaims(properties.getRequiredClaims().toArray(String[]::new));
        }
        return verifier.build();
    }
}
