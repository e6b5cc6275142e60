package dev.secrets4j.generate;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes passwords: {@code length} characters drawn uniformly from the enabled character classes,
 * with at least one character of each enabled class and never a symbol first. No class holds a
 * character people mistake for another ({@code 0 O o 1 l I}), and the default symbols
 * ({@code - _ .}) need no quoting or escaping in a JDBC URL, a shell, YAML, a {@code .properties}
 * or {@code .env} file, XML or JSON.
 *
 * <pre>{@code
 * PasswordGenerator generator = PasswordGenerator.builder()
 *     .type("legacy-db-password")                 // serve its own catalog type
 *     .length(20)
 *     .symbols("-_.!#")                           // a policy that wants more symbols
 *     .build();
 * }</pre>
 *
 * <p>Every valid password is equally likely: a drawn password that lacks a class is thrown away
 * and drawn again, rather than patched, so no position or class is favoured. Immutable and
 * thread-safe.
 */
public final class PasswordGenerator implements SecretGenerator {

    /** The length when none is set: 32 characters. */
    public static final int DEFAULT_LENGTH = 32;
    /** The shortest length accepted: 12 characters. */
    public static final int MIN_LENGTH = 12;
    /** The longest length accepted: 1024 characters. */
    public static final int MAX_LENGTH = 1024;
    /** The fewest bits of entropy a configuration may give a password: 64. */
    public static final int MIN_ENTROPY_BITS = 64;

    /** Characters a custom symbol set may not hold: easy to misread, or quotes and escapes nearly everywhere. */
    static final String AMBIGUOUS_SYMBOLS = "|`'\"\\";

    /**
     * Drawing this many invalid passwords in a row has a chance below 10^-67 with any accepted
     * settings (the worst: 12 characters, all classes, one symbol, 14% valid): the random is broken.
     */
    private static final int MAX_ATTEMPTS = 1000;

    /** A class of characters a password draws from. */
    public enum CharacterClass {
        /** Upper-case letters without {@code I} and {@code O}: {@code ABCDEFGHJKLMNPQRSTUVWXYZ} (24). */
        UPPER("ABCDEFGHJKLMNPQRSTUVWXYZ"),
        /** Lower-case letters without {@code l} and {@code o}: {@code abcdefghijkmnpqrstuvwxyz} (24). */
        LOWER("abcdefghijkmnpqrstuvwxyz"),
        /** Digits without {@code 0} and {@code 1}: {@code 23456789} (8). */
        DIGITS("23456789"),
        /**
         * Symbols: by default {@code - _ .} (3), the ones safe unquoted in URLs, shells and YAML;
         * see {@link Builder#symbols(String)}.
         */
        SYMBOLS("-_.");

        private final String defaultCharacters;

        CharacterClass(String defaultCharacters) {
            this.defaultCharacters = defaultCharacters;
        }

        /** Returns the characters of this class; for {@link #SYMBOLS}, the default symbol set. */
        public String defaultCharacters() {
            return defaultCharacters;
        }
    }

    private final String type;
    private final int length;
    private final Set<CharacterClass> classes;
    private final String symbols;
    /** Every character a password may hold. */
    private final byte[] alphabet;
    /** The characters a password may start with: every one but the symbols, unless symbols are all there is. */
    private final byte[] firstAlphabet;
    /** For each ASCII character, the bit of its class ({@code 1 << ordinal}), or 0. */
    private final int[] classBit = new int[128];
    private final int allClassBits;
    private final double entropyBits;

    private PasswordGenerator(Builder b) {
        this.type = b.type;
        this.length = b.length;
        this.classes = Collections.unmodifiableSet(EnumSet.copyOf(b.classes));
        this.symbols = !classes.contains(CharacterClass.SYMBOLS) ? ""
                : b.symbols.isEmpty() ? CharacterClass.SYMBOLS.defaultCharacters() : b.symbols;
        StringBuilder all = new StringBuilder();
        StringBuilder first = new StringBuilder();
        int bits = 0;
        for (CharacterClass c : classes) {
            String chars = characters(c);
            all.append(chars);
            if (c != CharacterClass.SYMBOLS) {
                first.append(chars);
            }
            for (int i = 0; i < chars.length(); i++) {
                classBit[chars.charAt(i)] = 1 << c.ordinal();
            }
            bits |= 1 << c.ordinal();
        }
        this.allClassBits = bits;
        this.alphabet = all.toString().getBytes(StandardCharsets.US_ASCII);
        this.firstAlphabet = (first.length() == 0 ? all : first).toString().getBytes(StandardCharsets.US_ASCII);
        this.entropyBits = entropyBits(classes.stream().map(c -> characters(c).length()).toList(),
                classes.stream().map(c -> c != CharacterClass.SYMBOLS || first.length() == 0).toList(), length);
    }

    /** Starts a password generator: type {@code password}, 32 characters, every class, symbols {@code - _ .}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the catalog type this generator serves; {@code password} unless set otherwise. */
    @Override
    public String type() {
        return type;
    }

    /**
     * Makes a new password.
     *
     * @return its characters as ASCII bytes, in a new array the caller clears when done
     * @throws IllegalStateException when {@code random} keeps producing passwords that lack a class,
     *                               which only a broken random does
     */
    @Override
    public byte[] generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] out = new byte[length];
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            out[0] = firstAlphabet[random.nextInt(firstAlphabet.length)];
            int seen = classBit[out[0]];
            for (int i = 1; i < length; i++) {
                out[i] = alphabet[random.nextInt(alphabet.length)];
                seen |= classBit[out[i]];
            }
            if (seen == allClassBits) {
                return out;
            }
        }
        Arrays.fill(out, (byte) 0);
        throw new IllegalStateException("password generator for type '" + type + "' drew " + MAX_ATTEMPTS
                + " passwords in a row that each lacked a character class, which a working SecureRandom does not do; "
                + "check the SecureRandom given to it");
    }

    /** Returns the number of characters of each password. */
    public int length() {
        return length;
    }

    /** Returns the enabled character classes. */
    public Set<CharacterClass> classes() {
        return classes;
    }

    /** Returns the symbols a password draws from; empty when {@link CharacterClass#SYMBOLS} is not enabled. */
    public String symbols() {
        return symbols;
    }

    /**
     * Returns the entropy of one password in bits: the base-2 logarithm of the number of passwords
     * these settings can produce, each equally likely: 187.8 for the defaults, 69.0 at 12 characters.
     */
    public double entropyBits() {
        return entropyBits;
    }

    /** {@code PasswordGenerator[password: 32 characters of UPPER, LOWER, DIGITS, SYMBOLS -_., 185 bits]}. */
    @Override
    public String toString() {
        return "PasswordGenerator[" + type + ": " + length + " characters of "
                + classes.stream().map(c -> c == CharacterClass.SYMBOLS ? c + " " + symbols : c.name())
                        .collect(Collectors.joining(", "))
                + ", " + (int) Math.floor(entropyBits) + " bits]";
    }

    private String characters(CharacterClass c) {
        return c == CharacterClass.SYMBOLS ? symbols : c.defaultCharacters();
    }

    /**
     * log2 of the number of strings of {@code length} characters whose first character is from a
     * class allowed first and which hold every class at least once, by inclusion and exclusion over
     * the classes left out.
     */
    static double entropyBits(List<Integer> sizes, List<Boolean> allowedFirst, int length) {
        int n = sizes.size();
        BigInteger count = BigInteger.ZERO;
        for (int leftOut = 0; leftOut < 1 << n; leftOut++) {
            long rest = 0;
            long first = 0;
            for (int c = 0; c < n; c++) {
                if ((leftOut & 1 << c) == 0) {
                    rest += sizes.get(c);
                    first += allowedFirst.get(c) ? sizes.get(c) : 0;
                }
            }
            BigInteger term = BigInteger.valueOf(first).multiply(BigInteger.valueOf(rest).pow(length - 1));
            count = Integer.bitCount(leftOut) % 2 == 0 ? count.add(term) : count.subtract(term);
        }
        return log2(count);
    }

    private static double log2(BigInteger x) {
        if (x.signum() <= 0) {
            return 0;
        }
        int shift = Math.max(0, x.bitLength() - 60);
        return shift + Math.log(x.shiftRight(shift).doubleValue()) / Math.log(2);
    }

    /**
     * Settings of a {@link PasswordGenerator}; each setter checks its argument at once and names the
     * setting, and {@link #build()} checks that the settings fit together.
     */
    public static final class Builder {
        private String type = SecretType.PASSWORD.catalogName();
        private int length = DEFAULT_LENGTH;
        private Set<CharacterClass> classes = EnumSet.allOf(CharacterClass.class);
        private String symbols = "";

        private Builder() {
        }

        /**
         * Sets the catalog type the generator serves; default {@code password}. Give a configured
         * generator a type of its own ({@code long-password}) to register it next to the built-in one.
         *
         * @throws IllegalArgumentException when it is not a type name
         */
        public Builder type(String type) {
            this.type = TypeNames.check("type", type);
            return this;
        }

        /**
         * Sets the number of characters; default 32.
         *
         * @throws IllegalArgumentException when it is below 12 or above 1024
         */
        public Builder length(int length) {
            if (length < MIN_LENGTH || length > MAX_LENGTH) {
                throw new IllegalArgumentException("length must be between " + MIN_LENGTH + " and " + MAX_LENGTH
                        + " characters, got " + length);
            }
            this.length = length;
            return this;
        }

        /**
         * Sets the character classes a password draws from, each at least once; default all four.
         *
         * @throws NullPointerException when a class is null
         */
        public Builder classes(CharacterClass first, CharacterClass... more) {
            Objects.requireNonNull(first, "classes");
            EnumSet<CharacterClass> set = EnumSet.of(first);
            for (CharacterClass c : Objects.requireNonNull(more, "classes")) {
                set.add(Objects.requireNonNull(c, "classes"));
            }
            this.classes = set;
            return this;
        }

        /**
         * Sets the symbols of {@link CharacterClass#SYMBOLS}, replacing {@code - _ .}: printable
         * ASCII that is neither a letter nor a digit, each once, without the ambiguous
         * {@code | ` ' " \}. Symbols beyond the default may need quoting or escaping where the
         * password is written (a {@code $} in a shell or {@code .env} file, an {@code @} or
         * {@code :} in a URL, a {@code #} in YAML or a {@code .properties} file).
         *
         * @throws IllegalArgumentException when it is empty or holds a character it may not
         */
        public Builder symbols(String symbols) {
            Objects.requireNonNull(symbols, "symbols");
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("symbols must hold at least one symbol, got ''; "
                        + "to draw no symbols leave SYMBOLS out of classes(...)");
            }
            for (int i = 0; i < symbols.length(); i++) {
                char c = symbols.charAt(i);
                String problem = c <= ' ' || c >= 0x7f ? "a character that is not printable ASCII or is whitespace"
                        : Character.isLetterOrDigit(c) ? "the letter or digit '" + c + "'"
                        : AMBIGUOUS_SYMBOLS.indexOf(c) >= 0 ? "the ambiguous character '" + c + "'"
                        : symbols.indexOf(c) != i ? "'" + c + "' twice"
                        : null;
                if (problem != null) {
                    throw new IllegalArgumentException("symbols must be printable ASCII symbols, each once, without "
                            + "| ` ' \" \\ or whitespace; got " + problem + " at index " + i);
                }
            }
            this.symbols = symbols;
            return this;
        }

        /**
         * Creates the generator.
         *
         * @throws IllegalStateException when symbols are set but {@link CharacterClass#SYMBOLS} is not
         *                               enabled, or when the settings give fewer than 64 bits of entropy
         */
        public PasswordGenerator build() {
            if (!symbols.isEmpty() && !classes.contains(CharacterClass.SYMBOLS)) {
                throw new IllegalStateException("password generator for type '" + type + "' has symbols set but "
                        + "SYMBOLS is not among classes " + classes + "; add CharacterClass.SYMBOLS or remove symbols(...)");
            }
            PasswordGenerator generator = new PasswordGenerator(this);
            if (generator.entropyBits < MIN_ENTROPY_BITS) {
                throw new IllegalStateException("password generator for type '" + type + "' makes passwords of "
                        + length + " characters from " + generator.alphabet.length + " (classes " + classes
                        + "), which have " + (int) Math.floor(generator.entropyBits) + " bits of entropy, fewer than "
                        + MIN_ENTROPY_BITS + "; raise length or enable more classes");
            }
            return generator;
        }
    }
}
