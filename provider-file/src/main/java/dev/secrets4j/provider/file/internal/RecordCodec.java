package dev.secrets4j.provider.file.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads a secret's file: JSON whose fields anyone can inspect (name, version numbers,
 * stages, times, metadata) and whose values are AES-256-GCM ciphertexts, sealed by an HMAC-SHA256
 * over every field ({@code mac}) under a key derived from the store's data key. The MAC covers an
 * unambiguous binary encoding of the parsed fields, not the JSON text, so formatting does not
 * matter but any change of meaning does: a stage flipped, a version renumbered or dropped, a
 * value swapped in from another file.
 */
public final class RecordCodec {

    /** The {@code format} field of a secret file. */
    public static final String FORMAT = "secrets4j-file-secret";

    private static final String MAC_LABEL = StoreHeader.FORMAT + "/" + StoreHeader.FORMAT_VERSION + " record";
    private static final int MAX_METADATA = 64;
    private static final int MAX_CIPHERTEXT = 2 * 1024 * 1024;

    private RecordCodec() {
    }

    /** The record as JSON, with its MAC under {@code macKey}. */
    public static byte[] write(SecretRecord record, byte[] macKey) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("formatVersion", StoreHeader.FORMAT_VERSION);
        root.put("storeId", record.storeId());
        root.put("name", record.name());
        root.put("nextVersion", record.nextVersion());
        ArrayNode versions = root.putArray("versions");
        for (SecretRecord.Version v : record.versions()) {
            ObjectNode node = versions.addObject();
            node.put("version", v.label());
            node.put("stage", v.stage().label());
            node.put("createdAt", v.createdAt().toString());
            ObjectNode metadata = node.putObject("metadata");
            new TreeMap<>(v.metadata()).forEach(metadata::put);
            node.put("nonce", Json.base64(v.nonce()));
            node.put("ciphertext", Json.base64(v.ciphertext()));
        }
        root.put("mac", Json.base64(mac(record, macKey)));
        return Json.write(root);
    }

    /**
     * Reads a record and checks its MAC, its store and its name.
     *
     * @throws FormatProblem when the JSON is malformed, a field is wrong, the MAC does not match,
     *                       or the record belongs to another store or secret
     */
    public static SecretRecord read(byte[] json, byte[] macKey, String storeId, String name) throws FormatProblem {
        JsonNode root = Json.parse(json);
        if (!FORMAT.equals(Json.text(root, "format"))) {
            throw new FormatProblem("field 'format' is not '" + FORMAT + "': this is not a secrets4j secret file");
        }
        int formatVersion = Json.integer(root, "formatVersion", 1, Integer.MAX_VALUE);
        if (formatVersion != StoreHeader.FORMAT_VERSION) {
            throw new FormatProblem("it has format version " + formatVersion + ", this secrets4j reads version "
                    + StoreHeader.FORMAT_VERSION);
        }
        int next = Json.integer(root, "nextVersion", 1, Integer.MAX_VALUE);
        List<SecretRecord.Version> versions = new ArrayList<>();
        for (JsonNode node : Json.array(root, "versions")) {
            versions.add(version(node, next));
        }
        SecretRecord record = new SecretRecord(Json.text(root, "storeId"), Json.text(root, "name"), next, versions);
        byte[] mac = Json.base64(root, "mac", 32, 32);
        if (!Crypto.sameMac(mac, mac(record, macKey))) {
            throw new FormatProblem("it failed its integrity check (HMAC-SHA256): it was altered or damaged,"
                    + " or it belongs to a store with another data key");
        }
        if (!record.storeId().equals(storeId)) {
            throw new FormatProblem("it belongs to store " + record.storeId() + ", not to this store (" + storeId + ")");
        }
        if (!record.name().equals(name)) {
            throw new FormatProblem("it holds another secret than '" + name + "': it was renamed or copied");
        }
        checkStages(record);
        return record;
    }

    /** The associated data of the value of version {@code label} of secret {@code name}. */
    public static byte[] valueAad(String storeId, String name, String label) {
        return Crypto.aad(StoreHeader.FORMAT + "/" + StoreHeader.FORMAT_VERSION + " value", storeId, name, label);
    }

    private static SecretRecord.Version version(JsonNode node, int next) throws FormatProblem {
        if (!node.isObject()) {
            throw new FormatProblem("an entry of field 'versions' is not an object");
        }
        String label = Json.text(node, "version");
        int number = SecretRecord.number(label).filter(n -> n < next)
                .orElseThrow(() -> new FormatProblem("a version is not a number between 1 and nextVersion - 1"));
        SecretRecord.Stage stage = SecretRecord.Stage.of(Json.text(node, "stage"))
                .orElseThrow(() -> new FormatProblem("version " + label + " has a stage other than current, previous or pending"));
        Instant createdAt;
        try {
            createdAt = Instant.parse(Json.text(node, "createdAt"));
        } catch (DateTimeParseException e) {
            throw new FormatProblem("field 'createdAt' of version " + label + " is not an ISO-8601 instant");
        }
        JsonNode m = Json.child(node, "metadata");
        if (m.size() > MAX_METADATA) {
            throw new FormatProblem("version " + label + " has more than " + MAX_METADATA + " metadata entries");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String key : m.propertyNames()) {
            metadata.put(key, Json.text(m, key));
        }
        byte[] nonce = Json.base64(node, "nonce", Crypto.NONCE_BYTES, Crypto.NONCE_BYTES);
        byte[] ciphertext = Json.base64(node, "ciphertext", 16, MAX_CIPHERTEXT);
        return new SecretRecord.Version(number, stage, createdAt, metadata, nonce, ciphertext);
    }

    private static void checkStages(SecretRecord record) throws FormatProblem {
        long current = record.versions().stream().filter(v -> v.stage() == SecretRecord.Stage.CURRENT).count();
        long distinct = record.versions().stream().mapToInt(SecretRecord.Version::number).distinct().count();
        if (current > 1 || distinct != record.versions().size()) {
            throw new FormatProblem("it has more than one current version or a version twice");
        }
    }

    private static byte[] mac(SecretRecord record, byte[] macKey) {
        Crypto.Canonical c = new Crypto.Canonical()
                .string(MAC_LABEL)
                .string(record.storeId())
                .string(record.name())
                .integer(record.nextVersion())
                .integer(record.versions().size());
        for (SecretRecord.Version v : record.versions()) {
            c.integer(v.number())
                    .string(v.stage().label())
                    .longInteger(v.createdAt().getEpochSecond())
                    .integer(v.createdAt().getNano());
            Map<String, String> sorted = new TreeMap<>(v.metadata());
            c.integer(sorted.size());
            sorted.forEach((k, value) -> c.string(k).string(value));
            c.bytes(v.nonce()).bytes(v.ciphertext());
        }
        return Crypto.hmac(macKey, c.toBytes());
    }
}
