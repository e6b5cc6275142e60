package dev.secrets4j.provider.vault.internal;

import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.KeyedHash;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The KV calls, one request each: read the latest or a given version (through the driver), read
 * the metadata (directly: the driver has no metadata read), write a version with check-and-set
 * (through the driver). Understands Vault's answers: {@code 404 {"errors":[]}} is absent, a 404
 * carrying version metadata is a deleted or destroyed version, a 404 with error strings is a
 * wrong mount or namespace.
 */
final class KvStore {

    private final VaultClient client;
    private final Failures failures;
    private final KeyedHash hasher;
    private final Clock clock;

    KvStore(VaultClient client, KeyedHash hasher, Clock clock) {
        this.client = client;
        this.failures = client.failures();
        this.hasher = hasher;
        this.clock = clock;
    }

    /** The latest version, or empty when the entry does not exist. */
    Optional<KvEntry> latest(VaultLocation entry, String name) {
        return read(entry, name, 0);
    }

    /**
     * Version {@code version} (KV v2 only; 0 means latest), or empty when it does not exist.
     *
     * @throws SecretProviderException (not retryable) when the version is deleted or destroyed
     */
    Optional<KvEntry> read(VaultLocation entry, String name, int version) {
        String apiPath = entry.dataPath() + (version > 0 ? "?version=" + version : "");
        Call call = Call.read(version > 0 ? "reading version " + version + " of" : "reading", name, entry.dataPath());
        Reply reply = client.driverRead(call, apiPath);
        if (reply.status() == 404) {
            return absentOrGone(reply, call, entry, version);
        }
        if (reply.status() != 200) {
            throw failures.status(reply, call);
        }
        JsonNode body = failures.json(reply, call);
        JsonNode data = body.path("data");
        if (entry.kind() == VaultLocation.Kind.KV1) {
            if (!data.isObject()) {
                throw failures.retryable(call, "Vault's answer has no 'data' object", "check that kv-version 1 matches the mount");
            }
            byte[] bytes = Failures.JSON.writeValueAsBytes(data);
            return Optional.of(new KvEntry(entry, 0, hasher.version(bytes), Optional.empty(), Optional.empty(), bytes));
        }
        JsonNode meta = data.path("metadata");
        if (!data.isObject() || !meta.isObject()) {
            throw failures.permanent(call, "Vault's answer has no 'data.metadata' object, so the mount is not KV version 2",
                    "set kv-version 1 if the mount is KV version 1");
        }
        KvMetadata.VersionInfo info = KvMetadata.info(meta);
        int number = meta.path("version").asInt(version);
        if (!data.path("data").isObject()) {
            throw gone(call, entry, number, info);
        }
        byte[] bytes = Failures.JSON.writeValueAsBytes(data.path("data"));
        return Optional.of(new KvEntry(entry, number, Integer.toString(number), info.createdAt(),
                info.deletionTime().filter(t -> t.isAfter(clock.instant())), bytes));
    }

    /**
     * The metadata (KV v2), or empty when the entry does not exist.
     *
     * @throws MetadataDenied when Vault answers 403 even after a re-login: the policy grants the data, not the metadata
     */
    Optional<KvMetadata> metadata(VaultLocation entry, String name) {
        Call call = Call.read("reading the metadata of", name, entry.metadataPath());
        Reply reply = client.direct(call, "GET", entry.metadataPath(), null);
        if (reply.status() == 403) {
            throw new MetadataDenied(failures.status(reply, call));
        }
        if (reply.status() == 404) {
            requireEmptyErrors(reply, call);
            return Optional.empty();
        }
        if (reply.status() != 200) {
            throw failures.status(reply, call);
        }
        JsonNode data = failures.json(reply, call).path("data");
        if (!data.isObject()) {
            throw failures.retryable(call, "Vault's answer has no 'data' object", "check that the mount is KV version 2");
        }
        KvMetadata metadata = KvMetadata.parse(data);
        return metadata.currentVersion() == 0 ? Optional.empty() : Optional.of(metadata);
    }

    /**
     * Writes {@code data} as a new version (KV v2: with check-and-set when {@code cas} is given)
     * and returns it. Returns empty when Vault refused the check-and-set.
     */
    Optional<KvEntry> write(VaultLocation entry, String name, byte[] data, OptionalInt cas) {
        Call call = new Call("writing", name, entry.dataPath(), "create, update", false);
        JsonObject dataJson = Json.parse(new String(data, StandardCharsets.UTF_8)).asObject();
        Map<String, Object> body = new LinkedHashMap<>();
        if (entry.kind() == VaultLocation.Kind.KV1) {
            dataJson.forEach(m -> body.put(m.getName(), m.getValue()));
        } else {
            body.put("data", dataJson);
            cas.ifPresent(v -> body.put("options", Json.object().add("cas", v)));
        }
        Reply reply = client.driverWrite(call, entry.dataPath(), body);
        if (reply.status() == 400 && entry.kind() == VaultLocation.Kind.KV2) {
            String errors = Failures.errors(reply).orElse("");
            if (errors.contains("check-and-set parameter did not match")) {
                return Optional.empty();
            }
            if (errors.contains("check-and-set parameter required")) {
                throw failures.permanent(call, "Vault requires check-and-set on this entry (cas_required)",
                        "write with PutOptions.expectVersion(<the version you read>)");
            }
        }
        if (reply.status() == 204 && entry.kind() == VaultLocation.Kind.KV1) {
            return Optional.of(new KvEntry(entry, 0, hasher.version(data), Optional.empty(), Optional.empty(), data));
        }
        if (reply.status() != 200) {
            throw failures.status(reply, call);
        }
        JsonNode meta = failures.json(reply, call).path("data");
        int version = meta.path("version").asInt(0);
        if (version <= 0) {
            throw failures.permanent(call, "Vault's answer to the write has no version number", "check that the mount is KV version 2");
        }
        return Optional.of(new KvEntry(entry, version, Integer.toString(version), KvMetadata.time(meta.path("created_time")),
                Optional.empty(), data));
    }

    private Optional<KvEntry> absentOrGone(Reply reply, Call call, VaultLocation entry, int version) {
        if (entry.kind() == VaultLocation.Kind.KV2 && !reply.oversized() && reply.body().length > 0) {
            JsonNode body;
            try {
                body = failures.json(reply, call);
            } catch (SecretProviderException notJson) {
                return Optional.empty();
            }
            JsonNode meta = body.path("data").path("metadata");
            if (meta.isObject()) {
                throw gone(call, entry, meta.path("version").asInt(version), KvMetadata.info(meta));
            }
        }
        requireEmptyErrors(reply, call);
        return Optional.empty();
    }

    /** A 404 with error strings or warnings is not a missing entry but a wrong mount, namespace or KV version. */
    private void requireEmptyErrors(Reply reply, Call call) {
        Optional<String> errors = Failures.errors(reply);
        Optional<String> warnings = warnings(reply);
        if (errors.isPresent() || warnings.isPresent()) {
            throw failures.permanent(call, "Vault answered 404 (" + errors.or(() -> warnings).orElse("") + ")",
                    "check the mount, the namespace and kv-version");
        }
    }

    private static Optional<String> warnings(Reply reply) {
        try {
            JsonNode w = reply.body().length == 0 ? null : Failures.JSON.readTree(reply.body()).path("warnings");
            if (w == null || !w.isArray() || w.isEmpty()) {
                return Optional.empty();
            }
            String text = w.get(0).asString("").replaceAll("\\s+", " ");
            return Optional.of(VaultPaths.printable(text.length() > 200 ? text.substring(0, 200) + "..." : text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The error for a version that is deleted or destroyed: reported as such, never as an empty value. */
    SecretProviderException gone(Call call, VaultLocation entry, int version, KvMetadata.VersionInfo info) {
        String todo = info.destroyed()
                ? "write a new version"
                : "undelete it ('vault kv undelete -mount=" + entry.mount() + " -versions=" + version + " " + entry.path()
                + "') or write a new version";
        return failures.permanent(call, "version " + version + " is " + info.describeGone(), todo);
    }

    /** The token may read the data but not the metadata; carries the permission error. */
    static final class MetadataDenied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final transient SecretProviderException error;

        MetadataDenied(SecretProviderException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }
}
