package dev.secrets4j.testing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One registered canary value and the encodings under which a leak of it is recognised: as text,
 * hex, Base64 and as a printed byte or char array. Package-private: tests use {@link LeakCheck}.
 */
final class Canary {

    /** The shortest canary accepted, so that a canary cannot appear in a message by chance. */
    static final int MIN_LENGTH = 8;

    private final int number;
    private final int length;
    private final List<Form> forms;

    private Canary(int number, int length, List<Form> forms) {
        this.number = number;
        this.length = length;
        this.forms = List.copyOf(forms);
    }

    /** A canary given as text; {@code number} counts from 1 in registration order. */
    static Canary ofText(int number, String value) {
        List<Form> forms = new ArrayList<>();
        forms.add(new Form("as text", value));
        forms.add(new Form("as a char array", Arrays.toString(value.toCharArray())));
        addByteForms(forms, value.getBytes(StandardCharsets.UTF_8));
        return new Canary(number, value.length(), forms);
    }

    /** A canary given as bytes; if they are UTF-8 text, the text form is looked for too. */
    static Canary ofBytes(int number, byte[] value) {
        List<Form> forms = new ArrayList<>();
        decodeUtf8(value).ifPresent(text -> forms.add(new Form("as text", text)));
        addByteForms(forms, value);
        return new Canary(number, value.length, forms);
    }

    /** How the canary is named in failure messages, without its value: {@code canary #2 (length 24)}. */
    String label() {
        return "canary #" + number + " (length " + length + ")";
    }

    /** The first encoding of this canary found in {@code text}, such as {@code "hex-encoded"}. */
    Optional<String> foundIn(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        for (Form form : forms) {
            if (text.contains(form.text())) {
                return Optional.of(form.how());
            }
        }
        return Optional.empty();
    }

    /** {@code text} with every encoding of this canary replaced by {@code <canary #n>}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Form form : forms) {
            out = out.replace(form.text(), "<canary #" + number + ">");
        }
        return out;
    }

    @Override
    public String toString() {
        return label();
    }

    private static void addByteForms(List<Form> forms, byte[] bytes) {
        forms.add(new Form("hex-encoded", HexFormat.of().formatHex(bytes)));
        forms.add(new Form("hex-encoded", HexFormat.of().withUpperCase().formatHex(bytes)));
        // Base64 encodes 3-byte groups, so the value's encoding depends on where it starts inside
        // the encoded data. For each of the 3 alignments, the whole groups from the first group
        // boundary encode the same whatever surrounds them: look for those.
        for (int skip = 0; skip < 3; skip++) {
            int end = skip + (bytes.length - skip) / 3 * 3;
            byte[] groups = Arrays.copyOfRange(bytes, skip, end);
            forms.add(new Form("base64-encoded", Base64.getEncoder().withoutPadding().encodeToString(groups)));
            forms.add(new Form("base64url-encoded", Base64.getUrlEncoder().withoutPadding().encodeToString(groups)));
        }
        forms.add(new Form("as a byte array", Arrays.toString(bytes)));
    }

    private static Optional<String> decodeUtf8(byte[] value) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** One encoding of the value and how to describe finding it. */
    private record Form(String how, String text) {
    }
}
