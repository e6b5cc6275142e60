package dev.secrets4j.provider.azure.internal;

import com.azure.core.util.Context;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.secrets4j.Secret;
import dev.secrets4j.SecretProviderException;
import dev.secrets4j.spi.PutOptions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes: each {@code put} sets a new version (Key Vault has no compare-and-set). An expected
 * version is checked against the latest version just before the write: best effort, as another
 * writer can set a version between the check and the write. A write that failed without a clear
 * answer (a timeout, a reset, a 5xx) is checked before it is tried again: when the latest version
 * already holds the value, that version is the result, so a retry does not add a second one.
 *
 * <p>Metadata stored with the version: {@code content-type}, {@code nbf} and {@code exp} (ISO-8601
 * instants), {@code tag.<name>} tags and the rotation engine's {@code rotation-*} keys (as tags);
 * any other key is refused.
 */
public final class Writes {

    /** Key Vault's largest secret value: 25 KiB. */
    public static final int MAX_VALUE_BYTES = 25 * 1024;

    private final SecretClient client;
    private final String vault;
    private final Calls calls;
    private final Reads reads;

    /** Writes to {@code vault} through {@code client}. */
    public Writes(SecretClient client, String vault, Calls calls, Reads reads) {
        this.client = client;
        this.vault = vault;
        this.calls = calls;
        this.reads = reads;
    }

    /**
     * Sets a new version of vault secret {@code vaultName} holding {@code value}, named {@code name}.
     *
     * @throws SecretProviderException when the value or metadata is not acceptable, the expected
     *                                 version is not the latest, the name is soft-deleted (409), or
     *                                 the vault refuses
     */
    public Secret put(String name, String vaultName, byte[] value, PutOptions options) {
        String text = text(name, value);
        KeyVaultSecret secret = new KeyVaultSecret(vaultName, text);
        apply(name, secret.getProperties(), options.metadata());
        options.expectedVersion().ifPresent(expected -> {
            String current = reads.get(name, vaultName, "").map(Secret::version).orElse(PutOptions.ABSENT);
            if (!expected.equals(current)) {
                throw SecretProviderException.permanent(Failures.ID, name, "write of secret '" + name + "' to Key Vault " + vault
                        + " expected " + (expected.isEmpty() ? "no secret" : "version " + expected) + " but "
                        + (current.isEmpty() ? "the secret does not exist" : "the latest is " + current)
                        + "; read the secret again and retry (Key Vault has no compare-and-set: this check is best effort)", null);
            }
        });
        return calls.run(name, "set", false, () -> alreadyWritten(name, vaultName, value),
                        () -> Reads.toSecret(name, client.setSecretWithResponse(secret, Context.NONE).getValue()))
                .orElseThrow(() -> SecretProviderException.permanent(Failures.ID, name, "write of secret '" + name
                        + "' to Key Vault " + vault + " answered 404; check the vault URL", null));
    }

    private Optional<Secret> alreadyWritten(String name, String vaultName, byte[] value) {
        try {
            return reads.get(name, vaultName, "").filter(s -> MessageDigest.isEqual(s.asBytes(), value));
        } catch (SecretProviderException e) {
            return Optional.empty();
        }
    }

    private String text(String name, byte[] value) {
        if (value.length > MAX_VALUE_BYTES) {
            throw SecretProviderException.permanent(Failures.ID, name, "value for secret '" + name + "' has " + value.length
                    + " bytes; Key Vault " + vault + " stores at most " + MAX_VALUE_BYTES + " bytes a secret", null);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw SecretProviderException.permanent(Failures.ID, name, "value for secret '" + name + "' is not UTF-8 text;"
                    + " Key Vault stores text: encode binary values as base64", null);
        }
    }

    private void apply(String name, SecretProperties p, Map<String, String> metadata) {
        Map<String, String> tags = new LinkedHashMap<>();
        metadata.forEach((key, v) -> {
            switch (key) {
                case "content-type" -> p.setContentType(v);
                case "nbf" -> p.setNotBefore(instant(name, key, v));
                case "exp" -> p.setExpiresOn(instant(name, key, v));
                default -> {
                    if (key.startsWith("tag.") && key.length() > 4) {
                        tags.put(key.substring(4), v);
                    } else if (key.startsWith("rotation-")) {
                        tags.put(key, v); // the rotation engine's advisory keys (slot, grace, id) travel as tags
                    } else {
                        throw SecretProviderException.permanent(Failures.ID, name, "write of secret '" + name
                                + "' has metadata '" + key + "' that Key Vault does not store; use content-type, nbf, exp"
                                + " or tag.<name>", null);
                    }
                }
            }
        });
        if (!tags.isEmpty()) {
            p.setTags(tags);
        }
    }

    private OffsetDateTime instant(String name, String key, String v) {
        try {
            return Instant.parse(v).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw SecretProviderException.permanent(Failures.ID, name, "write of secret '" + name + "' has metadata '" + key
                    + "' that is not an ISO-8601 instant such as 2027-01-01T00:00:00Z", null);
        }
    }
}
