package dev.secrets4j.provider.vault.internal.session;

import dev.secrets4j.provider.vault.VaultAuth;
import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.vault.RecordedRequest;
import dev.secrets4j.testing.vault.VaultEmulator;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A Vault emulator on loopback and a fake time that drives both the emulator's clock and the
 * session's scheduler, so TTLs and renewals happen exactly when a test advances time.
 */
final class EmulatedVault implements AutoCloseable {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    static final long SEED = 20250101L;

    final FakeTime time = FakeTime.startingAt(T0);
    final VaultEmulator vault = VaultEmulator.builder().clock(time.clock()).build().start();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    final VaultTransport transport = new VaultTransport(vault.address(), Optional.empty(), http, Duration.ofSeconds(2));
    final Map<String, String> variables = new HashMap<>();
    Path home = Path.of("/nonexistent-home");

    /** Opens a session on the emulator with the test backoff, a seeded jitter and the test environment. */
    VaultSession open(VaultAuth auth) {
        return VaultSession.open(auth, transport, time.clock(), time, BACKOFF, new SplittableRandom(SEED), environment());
    }

    Environment environment() {
        return new Environment() {
            @Override
            public Optional<String> variable(String name) {
                return Optional.ofNullable(variables.get(name));
            }

            @Override
            public Path home() {
                return home;
            }
        };
    }

    void advance(Duration step) {
        time.advance(step);
    }

    /** The requests on {@code path} (under /v1/), any method. */
    List<RecordedRequest> requests(String path) {
        return vault.requests("*", path);
    }

    @Override
    public void close() {
        vault.close();
    }
}
