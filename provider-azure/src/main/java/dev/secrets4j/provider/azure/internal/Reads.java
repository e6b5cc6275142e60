package dev.secrets4j.provider.azure.internal;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of one vault through the SDK: one version of a secret, the version listing, the
 * property listing of the vault (pages of 25, no values), and the soft-deleted check of a name
 * that answered 404. Every request goes through {@link BudgetPolicy}; {@link Calls} retries.
 */
public final class Reads {

    private static final Logger LOG = LoggerFactory.getLogger(Reads.class);

    private final SecretClient client;
    private final String vault;
    private final Calls calls;
    private final Clock clock;
    private final Map<String, Optional<String>> deletedChecks = new ConcurrentHashMap<>();

    /** Reads of {@code vault} through {@code client}. */
    public Reads(SecretClient client, String vault, Calls calls, Clock clock) {
        this.client = client;
        this.vault = vault;
        this.calls = calls;
        this.clock = clock;
    }

    /**
     * The version {@code version} (empty = latest) of vault secret {@code vaultName}, named
     * {@code name}, or empty on 404. The first 404 of the latest version of a name checks once
     * whether the name is soft-deleted, and then reports it with its purge date.
     *
     * @throws SecretProviderException mapped by status and error code
     */
    public Optional<Secret> get(String name, String vaultName, String version) {
        Optional<Secret> found = calls.read(name, "get", () -> toSecret(name,
                client.getSecretWithResponse(vaultName, version, Context.NONE).getValue()));
        if (found.isEmpty() && version.isEmpty()) {
            Optional<String> deleted = deletedChecks.computeIfAbsent(vaultName, n -> deleted(name, n));
            if (deleted.isPresent()) {
                throw SecretProviderException.permanent(Failures.ID, name, deleted.get(), null);
            }
        }
        return found;
    }

    private Optional<String> deleted(String name, String vaultName) {
        Optional<DeletedSecret> d;
        try {
            d = calls.read(name, "get deleted", () -> client.getDeletedSecret(vaultName));
        } catch (SecretProviderException e) {
            // Reading deleted secrets needs its own permission: without it, a 404 is just not found.
            LOG.debug("could not check whether secret '{}' is soft-deleted in Key Vault {}: {}", name, vault, e.getMessage());
            return Optional.empty();
        }
        return d.map(s -> {
            Instant purge = s.getScheduledPurgeDate() == null ? null : s.getScheduledPurgeDate().toInstant();
            if (purge != null && !purge.isAfter(clock.instant())) {
                return null;
            }
            String vaultHost = java.net.URI.create(vault).getHost();
            String vaultShort = vaultHost == null ? vault : vaultHost.split("\\.")[0];
            return "secret '" + name + "' (Key Vault name '" + vaultName
                    + "') is soft-deleted in Key Vault " + vault
                    + (s.getDeletedOn() == null ? "" : " since " + s.getDeletedOn().toInstant())
                    + (purge == null ? "" : " and will be purged at " + purge)
                    + "; recover it (az keyvault secret recover --vault-name " + vaultShort + " --name " + vaultName
                    + ") or purge it and set it again";
        });
    }

    /**
     * The version ids of vault secret {@code vaultName} that are usable now, newest first by
     * created time (the listing is not chronological): enabled, past {@code nbf}, before {@code exp}.
     */
    public List<String> usableVersions(String name, String vaultName) {
        List<SecretProperties> all = calls.read(name, "list versions", () -> {
            List<SecretProperties> out = new ArrayList<>();
            client.listPropertiesOfSecretVersions(vaultName, Context.NONE).iterableByPage()
                    .forEach(page -> out.addAll(page.getValue()));
            return out;
        }).orElse(List.of());
        Instant now = clock.instant();
        return all.stream()
                .filter(p -> usable(p, now))
                .sorted(Comparator.comparing((SecretProperties p) -> p.getCreatedOn() == null
                        ? Instant.EPOCH : p.getCreatedOn().toInstant()).reversed())
                .map(SecretProperties::getVersion)
                .toList();
    }

    /**
     * The vault's secrets by name with the {@code updated} time of their latest version, paging
     * through the property listing (no values); empty when it needs more than {@code maxPages}
     * pages, found without reading more than {@code maxPages}. Each page read is reported to
     * {@code pages}; {@code name} is the secret whose refresh asked, for messages.
     */
    public Optional<Map<String, Instant>> listUpdated(String name, int maxPages, Consumer<Integer> pages) {
        return calls.read(name, "list secrets", () -> {
            Map<String, Instant> out = new HashMap<>();
            int n = 0;
            for (PagedResponse<SecretProperties> page : client.listPropertiesOfSecrets(Context.NONE).iterableByPage()) {
                pages.accept(++n);
                for (SecretProperties p : page.getValue()) {
                    if (p.getName() != null && p.getUpdatedOn() != null && Boolean.TRUE.equals(p.isEnabled())) {
                        out.put(p.getName().toLowerCase(java.util.Locale.ROOT), p.getUpdatedOn().toInstant());
                    }
                }
                if (n >= maxPages && page.getContinuationToken() != null) {
                    return Optional.<Map<String, Instant>>empty();
                }
            }
            return Optional.of(out);
        }).flatMap(o -> o);
    }

    /** Whether a version is enabled, past {@code nbf} and before {@code exp} at {@code now}. */
    static boolean usable(SecretProperties p, Instant now) {
        return Boolean.TRUE.equals(p.isEnabled())
                && (p.getNotBefore() == null || !p.getNotBefore().toInstant().isAfter(now))
                && (p.getExpiresOn() == null || p.getExpiresOn().toInstant().isAfter(now));
    }

    /** A {@link Secret} with version, created/updated times, content type, tags, nbf and exp as metadata. */
    public static Secret toSecret(String name, KeyVaultSecret s) {
        SecretProperties p = s.getProperties();
        Secret.Builder b = Secret.builder(name, s.getValue() == null ? "" : s.getValue()).providerId(Failures.ID);
        if (p.getVersion() != null) {
            b.version(p.getVersion()).metadata("version-id", p.getVersion());
        }
        if (p.getCreatedOn() != null) {
            b.createdAt(p.getCreatedOn().toInstant()).metadata("created", p.getCreatedOn().toInstant().toString());
        }
        if (p.getUpdatedOn() != null) {
            b.metadata("updated", p.getUpdatedOn().toInstant().toString());
        }
        if (p.getExpiresOn() != null) {
            b.expiresAt(p.getExpiresOn().toInstant()).metadata("exp", p.getExpiresOn().toInstant().toString());
        }
        if (p.getNotBefore() != null) {
            b.metadata("nbf", p.getNotBefore().toInstant().toString());
        }
        if (p.getContentType() != null) {
            b.metadata("content-type", p.getContentType());
        }
        if (p.getTags() != null) {
            // The rotation engine's own keys come back under their names; the rest as tag.<name>.
            p.getTags().forEach((k, v) -> b.metadata(k.startsWith("rotation-") ? k : "tag." + k, v));
        }
        return b.build();
    }
}
