package dev.secrets4j.provider.azure;

import dev.secrets4j.spi.ProviderOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates an {@link AzureSecretProvider} by id {@code azure} from string options. Found through
 * {@link java.util.ServiceLoader}.
 *
 * <p>Options: {@code vault-url} (required, https), {@code credential} ({@code default},
 * {@code client-secret}, {@code managed-identity}, {@code workload-identity}), {@code tenant-id},
 * {@code client-id}, {@code client-secret} (for {@code client-secret}; {@code client-id} also picks a
 * user-assigned managed identity), {@code timeout} (default {@code 10s}), {@code ca-bundle-pem}
 * (PEM text), {@code budget} (calls a second, default 20), {@code write-budget} (writes a second,
 * default 1), {@code max-attempts} (default 3), {@code concurrency} (default 8),
 * {@code change-scan-window} (default {@code 30s}, {@code 0s} never lists), {@code expiry-warning}
 * (default {@code 7d}), {@code authority-host} (the Entra ID host for sovereign clouds) and
 * {@code challenge-resource-verification} ({@code false} only for an emulator on loopback).
 */
public final class AzureSecretProviderFactory implements SecretProviderFactory {

    private static final Set<String> OPTIONS = Set.of("vault-url", "credential", "tenant-id", "client-id", "client-secret",
            "timeout", "ca-bundle-pem", "budget", "write-budget", "max-attempts", "concurrency", "change-scan-window",
            "expiry-warning", "authority-host", "challenge-resource-verification");

    /** For {@link java.util.ServiceLoader}; applications use {@link AzureSecretProvider#builder()}. */
    public AzureSecretProviderFactory() {
    }

    /** {@code azure}. */
    @Override
    public String id() {
        return AzureSecretProvider.ID;
    }

    /** The option keys listed above. */
    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    /**
     * A provider configured by {@code options}; makes no call to the vault.
     *
     * @throws IllegalArgumentException naming the option when a key is unknown or a value is bad
     */
    @Override
    public SecretProvider create(Map<String, String> options) {
        ProviderOptions o = ProviderOptions.of(AzureSecretProvider.ID, OPTIONS, options);
        AzureSecretProvider.Builder b = AzureSecretProvider.builder();
        String url = o.string("vault-url").orElseThrow(() -> o.bad("vault-url", "an https:// vault URL such as"
                + " https://my-vault.vault.azure.net (it is required)"));
        apply(o, "vault-url", "an https:// vault URL such as https://my-vault.vault.azure.net", () -> b.vaultUrl(url));
        String kind = o.string("credential").orElse("default");
        Optional<String> clientId = o.string("client-id");
        switch (kind) {
            case "default" -> b.defaultCredential();
            case "client-secret" -> apply(o, "credential", "client-secret with tenant-id, client-id and client-secret set",
                    () -> b.clientSecret(o.string("tenant-id").orElse(""), clientId.orElse(""), o.string("client-secret").orElse("")));
            case "managed-identity" -> b.managedIdentity(clientId);
            case "workload-identity" -> b.workloadIdentity();
            default -> throw o.bad("credential", "default, client-secret, managed-identity or workload-identity");
        }
        o.duration("timeout").ifPresent(d -> apply(o, "timeout", "a positive duration of at most 2m, such as 10s",
                () -> b.timeout(d)));
        o.string("ca-bundle-pem").ifPresent(v -> apply(o, "ca-bundle-pem", "PEM certificates", () -> b.caBundlePem(v)));
        o.string("budget").ifPresent(v -> apply(o, "budget", "calls a second above 0 and at most 400, such as 20",
                () -> b.budget(Double.parseDouble(v))));
        o.string("write-budget").ifPresent(v -> apply(o, "write-budget", "writes a second above 0 and at most 30, such as 1",
                () -> b.writeBudget(Double.parseDouble(v))));
        o.duration("change-scan-window").ifPresent(d -> apply(o, "change-scan-window", "a duration from 0s to 1h, such as 30s",
                () -> b.changeScanWindow(d)));
        o.duration("expiry-warning").ifPresent(d -> apply(o, "expiry-warning", "a duration of zero or more, such as 7d",
                () -> b.expiryWarning(d)));
        o.string("authority-host").ifPresent(v -> apply(o, "authority-host", "an https:// URL such as"
                + " https://login.microsoftonline.us", () -> b.authorityHost(v)));
        if (!o.bool("challenge-resource-verification").orElse(true)) {
            b.disableChallengeResourceVerification();
        }
        o.string("max-attempts").ifPresent(v -> apply(o, "max-attempts", "a whole number from 1 to 10",
                () -> b.maxAttempts(Integer.parseInt(v))));
        o.string("concurrency").ifPresent(v -> apply(o, "concurrency", "a whole number from 1 to 64",
                () -> b.concurrency(Integer.parseInt(v))));
        return b.build();
    }

    private static void apply(ProviderOptions o, String key, String expected, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw o.bad(key, expected);
        }
    }
}
