package dev.secrets4j.provider.vault;

import dev.secrets4j.spi.ProviderOptions;
import dev.secrets4j.spi.SecretProvider;
import dev.secrets4j.spi.SecretProviderFactory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Creates a {@link VaultSecretProvider} by id {@code vault} from string options, for catalog
 * files and Spring properties. Found through {@link java.util.ServiceLoader}.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code address}: {@code https://vault.example.com:8200}; default the {@code VAULT_ADDR} environment variable</li>
 *   <li>{@code allow-insecure-http}: {@code true} to accept an {@code http://} address (local development); default {@code false}</li>
 *   <li>{@code kv-mount}: default {@code secret}; {@code kv-version}: {@code 1} or {@code 2}, default {@code 2}</li>
 *   <li>{@code namespace}: the Vault Enterprise / HCP namespace</li>
 *   <li>{@code path-prefix}: the environment prefix of KV paths, such as {@code prod/}</li>
 *   <li>{@code dynamic-mounts}: comma-separated mounts of dynamic secrets, such as {@code database}</li>
 *   <li>{@code connect-timeout} (default 3 s), {@code read-timeout} (default 5 s): {@code 500ms}, {@code 2s} or {@code PT2S}</li>
 *   <li>{@code ca-file}: a PEM file of CA certificates to trust</li>
 *   <li>{@code batch-concurrency}: entries read at once by a batch read, default 8</li>
 *   <li>{@code revoke-leases-on-close}: default {@code false}; {@code lease-renewal-threshold}: default {@code 1m}</li>
 *   <li>{@code previous-versions}: earlier versions given by {@code versions(ref)}, default 2</li>
 *   <li>auth: {@code auth} ({@code token}, {@code approle}, {@code kubernetes}, {@code jwt}) and its keys, see
 *       {@link VaultAuth#fromOptions(Map)}</li>
 * </ul>
 */
public final class VaultSecretProviderFactory implements SecretProviderFactory {

    private static final Set<String> PROVIDER_OPTIONS = Set.of("address", "allow-insecure-http", "kv-mount", "kv-version",
            "namespace", "path-prefix", "dynamic-mounts", "connect-timeout", "read-timeout", "ca-file", "batch-concurrency",
            "revoke-leases-on-close", "lease-renewal-threshold", "previous-versions");
    private static final Set<String> OPTIONS;

    static {
        Set<String> all = new LinkedHashSet<>(PROVIDER_OPTIONS);
        all.addAll(VaultAuth.optionNames());
        OPTIONS = Set.copyOf(all);
    }

    /** For {@link java.util.ServiceLoader}; applications use {@link VaultSecretProvider#builder()}. */
    public VaultSecretProviderFactory() {
    }

    /** {@code vault}. */
    @Override
    public String id() {
        return VaultSecretProvider.ID;
    }

    /** The provider's keys and {@link VaultAuth#optionNames()}. */
    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    /**
     * A provider configured by {@code options}. Does no I/O but reading {@code ca-file}.
     *
     * @throws IllegalArgumentException naming the option when a key is unknown or a value is bad
     */
    @Override
    public SecretProvider create(Map<String, String> options) {
        ProviderOptions o = ProviderOptions.of(VaultSecretProvider.ID, OPTIONS, options);
        VaultSecretProvider.Builder b = VaultSecretProvider.builder();
        boolean insecure = o.bool("allow-insecure-http").orElse(false);
        if (insecure) {
            b.allowInsecureHttp();
        }
        o.string("address").ifPresent(a -> apply(o, "address", "a URL such as https://vault.example.com:8200", () -> b.address(a)));
        o.string("kv-mount").ifPresent(m -> apply(o, "kv-mount", "a mount such as secret", () -> b.kvMount(m)));
        o.string("kv-version").ifPresent(v -> apply(o, "kv-version", "1 or 2", () -> b.kvVersion(integer(o, "kv-version", v))));
        o.string("namespace").ifPresent(ns -> apply(o, "namespace", "a namespace such as team-a or admin/team-a", () -> b.namespace(ns)));
        o.string("path-prefix").ifPresent(p -> apply(o, "path-prefix", "path segments such as prod/", () -> b.pathPrefix(p)));
        o.list("dynamic-mounts").ifPresent(ms -> apply(o, "dynamic-mounts", "comma-separated mounts such as database",
                () -> b.dynamicMounts(ms.toArray(String[]::new))));
        duration(o, "connect-timeout", b::connectTimeout);
        duration(o, "read-timeout", b::readTimeout);
        duration(o, "lease-renewal-threshold", b::leaseRenewalThreshold);
        o.string("ca-file").ifPresent(f -> apply(o, "ca-file", "a readable PEM file of CA certificates",
                () -> b.caCertificateFile(path(o, f))));
        o.string("batch-concurrency").ifPresent(v -> apply(o, "batch-concurrency", "a number from 1 to 256",
                () -> b.batchConcurrency(integer(o, "batch-concurrency", v))));
        o.string("previous-versions").ifPresent(v -> apply(o, "previous-versions", "a number from 0 to 100",
                () -> b.previousVersions(integer(o, "previous-versions", v))));
        o.bool("revoke-leases-on-close").ifPresent(b::revokeLeasesOnClose);
        b.auth(VaultAuth.fromOptions(options));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // The address is checked against allow-insecure-http only now: say which options are concerned.
            throw new IllegalArgumentException("provider 'vault' options: " + e.getMessage(), e);
        }
    }

    private static void apply(ProviderOptions o, String key, String expected, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw o.bad(key, expected + " (" + e.getMessage() + ")");
        }
    }

    private static void duration(ProviderOptions o, String key, Consumer<Duration> setter) {
        o.duration(key).ifPresent(d -> apply(o, key, "a positive duration of at most 1 hour, such as 500ms, 5s or PT5S",
                () -> setter.accept(d)));
    }

    private static int integer(ProviderOptions o, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw o.bad(key, "a whole number");
        }
    }

    private static Path path(ProviderOptions o, String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw o.bad("ca-file", "a valid file path (" + e.getReason() + ")");
        }
    }
}
