package dev.secrets4j;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of one secret: its value and what is known about it.
 *
 * <p>Immutable. The value is held as bytes and handed out only as copies ({@link #asBytes()},
 * {@link #asChars()}, {@link #asString()}); {@link #toString()} never shows it
 * ({@code Secret[DB_PASSWORD v3 from docker: ****]}), and {@link #equals(Object)} compares values
 * in constant time.
 *
 * <pre>{@code
 * Secret s = Secret.builder("DB_PASSWORD", "s3cr3t").version("3").providerId("docker").build();
 * char[] password = s.asChars();   // a copy: clear it when done
 * }</pre>
 */
public final class Secret {

    private final String name;
    private final byte[] value;
    private final String version;
    private final String providerId;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final Map<String, String> metadata;

    private Secret(Builder b) {
        this.name = b.name;
        this.value = b.value;
        this.version = b.version;
        this.providerId = b.providerId;
        this.createdAt = b.createdAt;
        this.expiresAt = b.expiresAt;
        this.metadata = Map.copyOf(b.metadata);
    }

    /** Starts a secret named {@code name} whose value is the bytes given (copied). */
    public static Builder builder(String name, byte[] value) {
        return new Builder(name, Objects.requireNonNull(value, "value").clone());
    }

    /** Starts a secret named {@code name} whose value is the UTF-8 encoding of {@code value}. */
    public static Builder builder(String name, String value) {
        return new Builder(name, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    /** A secret with a name and a value, version {@code "1"}, from provider {@code "memory"}. */
    public static Secret of(String name, String value) {
        return builder(name, value).build();
    }

    /** A builder holding everything this secret holds, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(name, value.clone());
        b.version = version;
        b.providerId = providerId;
        b.createdAt = createdAt;
        b.expiresAt = expiresAt;
        b.metadata.putAll(metadata);
        return b;
    }

    /** The logical name the application asked for. */
    public String name() {
        return name;
    }

    /** The provider's version of this value (a KV version, a version id, a content stamp). */
    public String version() {
        return version;
    }

    /** The id of the provider that supplied it ({@code env}, {@code docker}, {@code vault}, ...). */
    public String providerId() {
        return providerId;
    }

    /** When this version was created, where the provider knows. */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** When this version stops being valid, where the provider knows. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** Non-secret facts the provider attaches (path, ARN, stage, file mode). Never values. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** A metadata entry, if present. */
    public Optional<String> metadata(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** A copy of the value's bytes; the caller may clear it. */
    public byte[] asBytes() {
        return value.clone();
    }

    /** The value decoded as UTF-8 into a fresh array; the caller may clear it. */
    public char[] asChars() {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(value));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        return out;
    }

    /** The value decoded as UTF-8. Strings cannot be cleared: prefer {@link #asChars()} for passwords. */
    public String asString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The value's length in bytes. */
    public int length() {
        return value.length;
    }

    /** Whether the value is valid UTF-8 text. */
    public boolean isUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Whether the other secret holds the same value, compared in constant time. */
    public boolean sameValueAs(Secret other) {
        return MessageDigest.isEqual(value, other.value);
    }

    /**
     * Equal when name, version, provider and value are equal; the value is compared in constant
     * time. Times and metadata do not take part.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Secret other)) {
            return false;
        }
        boolean sameValue = MessageDigest.isEqual(value, other.value);
        return sameValue
                && name.equals(other.name)
                && version.equals(other.version)
                && providerId.equals(other.providerId);
    }

    /** Derived from name, version and provider only: the value never feeds a hash. */
    @Override
    public int hashCode() {
        return Objects.hash(name, version, providerId);
    }

    /** {@code Secret[DB_PASSWORD v3 from docker: ****]}: the value is never shown. */
    @Override
    public String toString() {
        return "Secret[" + name + " v" + version + " from " + providerId + ": ****]";
    }

    /** Builds a {@link Secret}; every setter checks its argument at once. */
    public static final class Builder {
        private String name;
        private byte[] value;
        private String version = "1";
        private String providerId = "memory";
        private Instant createdAt;
        private Instant expiresAt;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(String name, byte[] value) {
            this.name = requireText(name, "name");
            this.value = value;
        }

        /** Renames the secret (a provider reads {@code db_password}; the application calls it {@code DB_PASSWORD}). */
        public Builder name(String name) {
            this.name = requireText(name, "name");
            return this;
        }

        /** The provider's version label; default {@code "1"}. */
        public Builder version(String version) {
            this.version = requireText(version, "version");
            return this;
        }

        /** Replaces the value with a copy of {@code value}. */
        public Builder value(byte[] value) {
            this.value = Objects.requireNonNull(value, "value").clone();
            return this;
        }

        /** The supplying provider's id; default {@code "memory"}. */
        public Builder providerId(String providerId) {
            this.providerId = requireText(providerId, "providerId");
            return this;
        }

        /** When this version was created. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /** When this version stops being valid. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
            return this;
        }

        /** Adds one non-secret metadata entry. */
        public Builder metadata(String key, String value) {
            metadata.put(requireText(key, "metadata key"), Objects.requireNonNull(value, "metadata value"));
            return this;
        }

        /** Adds non-secret metadata entries. */
        public Builder metadata(Map<String, String> entries) {
            entries.forEach(this::metadata);
            return this;
        }

        /** The immutable secret. */
        public Secret build() {
            return new Secret(this);
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be null or blank, got " + (s == null ? "null" : "'" + s + "'"));
            }
            return s;
        }
    }
}
