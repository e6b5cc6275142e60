package dev.secrets4j.jwt;

import dev.secrets4j.Secrets;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.InMemorySecretProvider;
import dev.secrets4j.testing.LeakCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the JWT tests share: the fixed PEM keys under {@code keys/} (registered as canaries), an
 * in-memory provider on a fake clock, and {@link Secrets} whose change listeners run on the
 * caller's thread, so {@link #rotate} is synchronous.
 */
public final class JwtFixture implements AutoCloseable {

    /** The name the tests keep the signing key under. */
    public static final String PRIVATE_KEY = "JWT_PRIVATE_KEY";
    /** The fake clock's start. */
    public static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    private final LeakCheck leaks;
    private final FakeTime time = FakeTime.startingAt(START);
    private final InMemorySecretProvider memory;
    private Secrets secrets;

    private JwtFixture(LeakCheck leaks, int keepVersions) {
        this.leaks = leaks;
        this.memory = InMemorySecretProvider.builder().clock(time.clock()).keepVersions(keepVersions).build();
    }

    /** A fixture whose provider keeps one previous version. */
    public static JwtFixture create(LeakCheck leaks) {
        return new JwtFixture(leaks, 1);
    }

    /** A fixture whose provider keeps {@code keepVersions} previous versions. */
    public static JwtFixture keeping(LeakCheck leaks, int keepVersions) {
        return new JwtFixture(leaks, keepVersions);
    }

    /** The PEM text of {@code keys/<file>}, registered as a canary (whole and by its first base64 line). */
    public String pem(String file) {
        String pem = read(file);
        leaks.canary(pem);
        String firstLine = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        leaks.canary(firstLine);
        return pem;
    }

    /** The PEM text of {@code keys/<file>}, not registered (for keys that are public anyway). */
    public static String read(String file) {
        try (InputStream in = JwtFixture.class.getResourceAsStream("/keys/" + file)) {
            Objects.requireNonNull(in, "no test key keys/" + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a new version of secret {@code name} (before or after {@link #secrets()}). */
    public JwtFixture set(String name, String value) {
        memory.set(name, value);
        return this;
    }

    /** Sets a new version of secret {@code name} with metadata. */
    public JwtFixture set(String name, String value, Map<String, String> metadata) {
        memory.set(name, value, metadata);
        return this;
    }

    /** Stores a new version of {@code name} and makes {@link Secrets} see it now, firing listeners. */
    public void rotate(String name, String value) {
        memory.set(name, value);
        secrets().refresh(name);
    }

    /** The secrets, built on first use. */
    public Secrets secrets() {
        if (secrets == null) {
            secrets = Secrets.builder().provider(memory).listenerExecutor(Runnable::run)
                    .clock(time.clock()).scheduler(time).build();
        }
        return secrets;
    }

    /** A ring builder on {@link #PRIVATE_KEY} and the fake clock. */
    public JwtKeyRing.Builder ring() {
        return JwtKeyRing.builder(secrets()).privateKey(PRIVATE_KEY).clock(time.clock());
    }

    /** A signer on the fake clock. */
    public JwtSigner.Builder signer(JwtKeyRing ring) {
        return JwtSigner.builder(ring).clock(time.clock());
    }

    /** A verifier on the fake clock. */
    public JwtVerifier.Builder verifier(JwtKeyRing ring) {
        return JwtVerifier.builder(ring).clock(time.clock());
    }

    /** The fake time. */
    public FakeTime time() {
        return time;
    }

    /** Moves the fake clock forward. */
    public void advance(Duration step) {
        time.advance(step);
    }

    /** Registers a value (a token, an HMAC secret) as a canary and returns it. */
    public String canary(String value) {
        return leaks.canary(value);
    }

    @Override
    public void close() {
        if (secrets != null) {
            secrets.close();
        }
    }
}
