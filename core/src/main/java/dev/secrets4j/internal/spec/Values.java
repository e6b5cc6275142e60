package dev.secrets4j.internal.spec;

import dev.secrets4j.Secret;
import dev.secrets4j.SecretSpec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a secret's value for a check: as bytes or as strictly decoded UTF-8 characters, in
 * arrays the caller clears when done, so a check leaves as few copies behind as it can.
 */
final class Values {

    /** The message of every text spec for a value that is not UTF-8. */
    static final String NOT_UTF8 = "not valid UTF-8 text";

    private Values() {
    }

    /** The value as UTF-8 characters, or empty when it is not valid UTF-8. The caller clears the array. */
    static Optional<char[]> utf8Chars(Secret secret) {
        byte[] bytes = secret.asBytes();
        try {
            return utf8Chars(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The bytes as UTF-8 characters, or empty when they are not valid UTF-8. The caller clears the array. */
    static Optional<char[]> utf8Chars(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer decoded;
        try {
            decoded = decoder.decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        char[] out = new char[decoded.remaining()];
        decoded.get(out);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        return Optional.of(out);
    }

    /**
     * Runs a text check: decodes the value as UTF-8 (a violation when it is not), hands the
     * characters to {@code judge}, and clears them afterwards whatever happens.
     */
    static List<SecretSpec.Violation> checkText(Secret secret, Function<char[], List<SecretSpec.Violation>> judge) {
        Optional<char[]> text = utf8Chars(secret);
        if (text.isEmpty()) {
            return List.of(SecretSpec.Violation.error(NOT_UTF8));
        }
        char[] chars = text.get();
        try {
            return judge.apply(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Whether the character is whitespace, including the no-break spaces {@link Character#isWhitespace} skips. */
    static boolean isBlank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** The index of the first character that is not blank, or {@code chars.length}. */
    static int firstNonBlank(char[] chars) {
        int i = 0;
        while (i < chars.length && isBlank(chars[i])) {
            i++;
        }
        return i;
    }

    /** One past the index of the last character that is not blank, or {@code from}. */
    static int endOfNonBlank(char[] chars, int from) {
        int end = chars.length;
        while (end > from && isBlank(chars[end - 1])) {
            end--;
        }
        return end;
    }

    /** "1 day", "12 days": a count with its noun. */
    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
