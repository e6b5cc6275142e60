package dev.secrets4j.testing.azure;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Attributes of a secret version set directly on the emulator: enabled, {@code nbf}, {@code exp}, content type and
 * tags. Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code kv.setSecret("db", "v", SecretAttributes.defaults().expires(t).contentType("text/plain")); }</pre>
 */
public final class SecretAttributes {

    private final boolean enabled;
    private final Instant notBefore;
    private final Instant expires;
    private final String contentType;
    private final Map<String, String> tags;

    private SecretAttributes(boolean enabled, Instant notBefore, Instant expires, String contentType,
                             Map<String, String> tags) {
        this.enabled = enabled;
        this.notBefore = notBefore;
        this.expires = expires;
        this.contentType = contentType;
        this.tags = tags;
    }

    /** Enabled, no {@code nbf}/{@code exp}, no content type, no tags. */
    public static SecretAttributes defaults() {
        return new SecretAttributes(true, null, null, null, Map.of());
    }

    /** A copy enabled or disabled (a disabled version answers 403 {@code SecretDisabled} on read). */
    public SecretAttributes enabled(boolean value) {
        return new SecretAttributes(value, notBefore, expires, contentType, tags);
    }

    /** A copy with {@code nbf}, the time before which the version is not valid (informational, as in Key Vault). */
    public SecretAttributes notBefore(Instant value) {
        return new SecretAttributes(enabled, Objects.requireNonNull(value, "notBefore"), expires, contentType, tags);
    }

    /** A copy with {@code exp}, the expiry time (informational: Key Vault still serves expired versions). */
    public SecretAttributes expires(Instant value) {
        return new SecretAttributes(enabled, notBefore, Objects.requireNonNull(value, "expires"), contentType, tags);
    }

    /** A copy with the content type. */
    public SecretAttributes contentType(String value) {
        return new SecretAttributes(enabled, notBefore, expires, Objects.requireNonNull(value, "contentType"), tags);
    }

    /** A copy with the tags. */
    public SecretAttributes tags(Map<String, String> value) {
        return new SecretAttributes(enabled, notBefore, expires, contentType, Map.copyOf(Objects.requireNonNull(value, "tags")));
    }

    /** Whether the version is enabled. */
    public boolean isEnabled() {
        return enabled;
    }

    /** The {@code nbf} time, if any. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    /** The {@code exp} time, if any. */
    public Optional<Instant> expires() {
        return Optional.ofNullable(expires);
    }

    /** The content type, if any. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The tags, possibly empty. */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return "SecretAttributes[enabled=" + enabled + ", nbf=" + notBefore + ", exp=" + expires
                + ", contentType=" + contentType + ", tags=" + tags.keySet() + "]";
    }
}
