package dev.secrets4j.examples;

import dev.secrets4j.SecretChange;
import dev.secrets4j.Secrets;
import dev.secrets4j.generate.SecretType;
import dev.secrets4j.provider.file.FileSecretProvider;
import dev.secrets4j.rotation.RotationPolicy;
import dev.secrets4j.rotation.RotationStatus;
import dev.secrets4j.rotation.RotationStrategy;
import dev.secrets4j.spi.PutOptions;
import dev.secrets4j.spi.SecretRef;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Shows the rotation engine on the encrypted file store: opens (or creates) a store under
 * {@code target/dev-store} with a development master secret, makes sure it holds a webhook
 * secret, prints the dry-run plan, rotates the secret now (STAGED), and prints the change the
 * listener received, the rotation status and the versions. Prints no value.
 */
final class StoreRotationDemo {

    static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";
    /** The environment variable that supplies the store's master secret; else a development one under target/. */
    static final String MASTER_ENV = "SECRETS4J_EXAMPLE_MASTER";

    private StoreRotationDemo() {
    }

    /** Runs the demo on a store in {@code folder}; false when the change did not arrive. */
    static boolean run(Path folder, PrintStream out) throws IOException {
        char[] master = masterSecret(folder.resolveSibling(folder.getFileName() + ".master"), out);
        FileSecretProvider store;
        try {
            store = FileSecretProvider.builder().folder(folder).masterSecret(master).build();
        } finally {
            Arrays.fill(master, '\0');
        }
        out.println("   opened the encrypted store " + store.folder() + " (" + store.kdf().algorithm() + ")");
        if (store.get(SecretRef.ofName(WEBHOOK_SECRET)).isEmpty()) {
            byte[] first = SecretType.HMAC_SECRET.generator().generate(new SecureRandom());
            store.put(SecretRef.ofName(WEBHOOK_SECRET), first, PutOptions.none());
            Arrays.fill(first, (byte) 0);
            out.println("   created " + WEBHOOK_SECRET + " (32 random bytes, base64)");
        }
        RotationPolicy policy = RotationPolicy.every(Duration.ofDays(60)).type("hmac-secret")
                .strategy(RotationStrategy.STAGED).grace(Duration.ofHours(24));
        List<SecretChange> changes = new ArrayList<>();
        try (Secrets secrets = Secrets.builder().provider(store).rotate(WEBHOOK_SECRET, policy)
                .rotationChecks(false).listenerExecutor(Runnable::run).build()) {
            secrets.onChange(WEBHOOK_SECRET, changes::add);
            out.println("   policy: " + policy);
            out.println("   dry run (writes nothing):");
            secrets.rotationPlan().toString().lines().forEach(l -> out.println("     " + l));
            out.println("   before:  " + secrets.get(WEBHOOK_SECRET));
            RotationStatus status = secrets.rotateNow(WEBHOOK_SECRET);
            out.println("   rotateNow (an emergency rotation: no grace period) -> " + status.state().orElseThrow()
                    + ", attempt " + status.attempt() + ", next due " + status.nextDue().orElseThrow());
            if (changes.size() != 1) {
                out.println("   expected one change event, got " + changes.size());
                return false;
            }
            SecretChange change = changes.get(0);
            out.println("   listener received a SecretChange: " + change.previous() + " -> " + change.current());
            out.println("   after:   " + secrets.get(WEBHOOK_SECRET) + "; versions now " + secrets.versions(WEBHOOK_SECRET).size()
                    + " (the previous one retired at once)");
            return true;
        }
    }

    /** The master secret from {@value #MASTER_ENV}, or a development one kept in {@code file} (mode 0600). */
    private static char[] masterSecret(Path file, PrintStream out) throws IOException {
        String fromEnv = System.getenv(MASTER_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            out.println("   master secret from $" + MASTER_ENV);
            return fromEnv.toCharArray();
        }
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            PrivateFiles.create(file, Base64.getEncoder().encode(random));
            Arrays.fill(random, (byte) 0);
            out.println("   created a development master secret in " + file + " (set $" + MASTER_ENV + " instead in real use)");
        } else {
            out.println("   master secret from " + file);
        }
        return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).toCharArray();
    }
}
