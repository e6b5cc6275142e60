package dev.secrets4j.provider.vault;

import dev.secrets4j.testing.FakeTime;
import dev.secrets4j.testing.vault.RecordedRequest;
import dev.secrets4j.testing.vault.VaultEmulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A started Vault emulator on loopback whose clock, like the provider's clock and scheduler, is a
 * {@link FakeTime}: renewals and lease expiry happen only when a test advances time.
 */
final class Emulated implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final FakeTime time = FakeTime.startingAt(T0);
    final VaultEmulator vault;

    Emulated() {
        this(false);
    }

    Emulated(boolean https) {
        vault = VaultEmulator.builder().clock(time.clock()).https(https).build().start();
    }

    /** A provider builder pointed at the emulator with its root token, fake clock and scheduler. */
    VaultSecretProvider.Builder provider() {
        return provider(VaultAuth.token(vault.rootToken()));
    }

    /** A provider builder pointed at the emulator with {@code auth}, fake clock and scheduler. */
    VaultSecretProvider.Builder provider(VaultAuth auth) {
        VaultSecretProvider.Builder b = VaultSecretProvider.builder().address(vault.address().toString())
                .auth(auth).clock(time.clock()).scheduler(time);
        if (vault.address().getScheme().equals("http")) {
            b.allowInsecureHttp();
        }
        return b;
    }

    /** Requests whose path starts with {@code prefix}, any method. */
    List<RecordedRequest> requests(String prefix) {
        return vault.requests("*", prefix);
    }

    void advance(Duration d) {
        time.advance(d);
    }

    @Override
    public void close() {
        vault.close();
    }
}
