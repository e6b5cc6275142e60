package dev.secrets4j.provider.vault.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one reference lives in Vault, after its path was checked: a KV entry (version 1 or 2)
 * in the KV mount, or a dynamic secret (a lease-bearing read such as {@code database/creds/app}).
 *
 * @param kind   KV or dynamic
 * @param mount  the mount, such as {@code secret} or {@code database}
 * @param path   the path inside the mount, with the environment prefix already applied for KV
 * @param field  the {@code #field} to pick, if any
 */
record VaultLocation(Kind kind, String mount, String path, Optional<String> field) {

    /** What kind of Vault path a reference names. */
    public enum Kind {
        /** An entry of a KV version 1 mount: flat data, no versions. */
        KV1,
        /** An entry of a KV version 2 mount: versions, metadata, check-and-set. */
        KV2,
        /** A read of a dynamic secrets engine, which may carry a lease. */
        DYNAMIC
    }

    /** Checks that no part is null. */
    public VaultLocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mount, "mount");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(field, "field");
    }

    /** The API path of the data: {@code secret/data/app/db} (KV v2), {@code secret/app/db} (KV v1, dynamic). */
    public String dataPath() {
        return kind == Kind.KV2 ? mount + "/data/" + path : mount + "/" + path;
    }

    /** The API path of the KV v2 metadata: {@code secret/metadata/app/db}. */
    public String metadataPath() {
        if (kind != Kind.KV2) {
            throw new IllegalStateException("only KV v2 entries have metadata, not " + this);
        }
        return mount + "/metadata/" + path;
    }

    /** The same place without the field: what one backend read serves, whatever field is picked. */
    public VaultLocation entry() {
        return field.isEmpty() ? this : new VaultLocation(kind, mount, path, Optional.empty());
    }

    /** {@code secret/app/db#password}: mount, path and field, for messages. */
    @Override
    public String toString() {
        return mount + "/" + path + field.map(f -> "#" + f).orElse("");
    }
}
