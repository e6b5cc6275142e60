package dev.secrets4j.generate;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built-in secret types, each with the name a catalog entry's {@code type:} uses, its aliases
 * and a generator with default settings. {@link SecretGenerators} serves all of them; a custom
 * generator may not take their names.
 *
 * <pre>{@code
 * - name: DB_PASSWORD
 *   type: password            # or database-password
 * }</pre>
 */
public enum SecretType {

    /** {@code api-key}: 32 URL-safe characters ({@code A-Z a-z 0-9 - _}), 192 random bits. */
    API_KEY("api-key"),

    /**
     * {@code password}, alias {@code database-password}: 32 characters of upper case, lower case,
     * digits and the symbols {@code - _ .}, at least one of each, no ambiguous characters
     * (see {@link PasswordGenerator}).
     */
    PASSWORD("password", "database-password"),

    /** {@code encryption-key}: 32 random bytes (256 bits) as standard base64 with padding, 44 characters. */
    ENCRYPTION_KEY("encryption-key"),

    /**
     * {@code hmac-secret}, alias {@code webhook-secret}: 32 random bytes (256 bits) as standard
     * base64 with padding, 44 characters. {@link dev.secrets4j.hmac.HmacVerifier} and
     * {@link dev.secrets4j.hmac.HmacSigner} use the text itself as the key, as GitHub, Stripe and
     * Slack do with theirs: give the sender or receiver the text, not the decoded bytes.
     */
    HMAC_SECRET("hmac-secret", "webhook-secret"),

    /** {@code rsa-private-key}: a 4096-bit RSA private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    RSA_PRIVATE_KEY("rsa-private-key");

    private final String catalogName;
    private final List<String> aliases;

    SecretType(String catalogName, String... aliases) {
        this.catalogName = catalogName;
        this.aliases = List.of(aliases);
    }

    /** Returns the name a catalog entry's {@code type:} uses, such as {@code hmac-secret}. */
    public String catalogName() {
        return catalogName;
    }

    /** Returns the other names that mean the same type, such as {@code webhook-secret}; often none. */
    public List<String> aliases() {
        return aliases;
    }

    /** Returns the catalog name followed by the aliases. */
    public List<String> names() {
        return Stream.concat(Stream.of(catalogName), aliases.stream()).toList();
    }

    /** Returns a generator of this type with default settings. */
    public SecretGenerator generator() {
        return switch (this) {
            case API_KEY -> EncodedBytesGenerator.apiKey();
            case PASSWORD -> PasswordGenerator.builder().build();
            case ENCRYPTION_KEY -> EncodedBytesGenerator.base64(catalogName, 32);
            case HMAC_SECRET -> EncodedBytesGenerator.base64(catalogName, 32);
            case RSA_PRIVATE_KEY -> RsaKeyGenerator.builder().build();
        };
    }

    /** Finds the type that a catalog name or alias names, matched exactly; empty for other names. */
    public static Optional<SecretType> fromCatalogName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SecretType type : values()) {
            if (type.catalogName.equals(name) || type.aliases.contains(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
