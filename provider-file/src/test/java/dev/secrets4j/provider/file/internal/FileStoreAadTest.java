package dev.secrets4j.provider.file.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.provider.file.Kdf;
import dev.secrets4j.testing.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The associated data alone, below the record's MAC: a value sealed for one secret and version
 * does not open as another secret's, another version's, or another store's value.
 */
class FileStoreAadTest {

    private static final String MASTER = "canary-7f3a-aad-master-secret";

    @TempDir
    Path tmp;

    @RegisterExtension
    final LeakCheck leaks = LeakCheck.create();

    private FileStore store;
    private FileStore other;

    @BeforeEach
    void open() {
        leaks.canary(MASTER);
        store = open(tmp.resolve("store"));
        other = open(tmp.resolve("other"));
    }

    @AfterEach
    void close() {
        store.close();
        other.close();
    }

    @Test
    void unseal_ofAValueMovedToAnotherSecretVersionOrStore_failsNamingTheFileAndVersion() {
        byte[] value = leaks.canary("canary-7f3a-aad-value".getBytes(StandardCharsets.UTF_8));
        SecretRecord.Version sealed = store.seal("alpha", 1, SecretRecord.Stage.CURRENT, Instant.EPOCH, Map.of(), value);
        SecretRecord alpha = new SecretRecord(store.storeId(), "alpha", 2, List.of(sealed));
        SecretRecord.Version renumbered = new SecretRecord.Version(2, SecretRecord.Stage.CURRENT, Instant.EPOCH, Map.of(),
                sealed.nonce(), sealed.ciphertext());

        assertThat(store.unseal(alpha, sealed)).isEqualTo(value);
        for (Object[] moved : new Object[][] {
                {store, new SecretRecord(store.storeId(), "beta", 2, List.of(sealed)), sealed, "beta", "1"},
                {store, new SecretRecord(store.storeId(), "alpha", 3, List.of(renumbered)), renumbered, "alpha", "2"},
                {other, new SecretRecord(other.storeId(), "alpha", 2, List.of(sealed)), sealed, "alpha", "1"}}) {
            FileStore target = (FileStore) moved[0];
            SecretProviderException e = catchThrowableOfType(SecretProviderException.class,
                    () -> target.unseal((SecretRecord) moved[1], (SecretRecord.Version) moved[2]));
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("secret '" + moved[3] + "' version " + moved[4],
                    target.fileOf((String) moved[3]).toString(), "failed AES-GCM authentication");
            leaks.assertNoLeak(e);
        }
    }

    private FileStore open(Path folder) {
        return FileStore.open("file", new FileStore.Options(folder, Kdf.argon2id(), true, false, Duration.ofSeconds(5)),
                MASTER.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    }
}
