package dev.secrets4j.internal.catalog;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Words for messages: names made safe to print, and "did you mean" suggestions for typos. */
final class Names {

    /** Longer names are cut in messages: a key is never that long unless something else was pasted. */
    private static final int MAX_SHOWN = 60;

    private Names() {
    }

    /** The name with control characters replaced by {@code ?} and cut to a readable length. */
    static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_SHOWN ? clean : clean.substring(0, MAX_SHOWN) + "...";
    }

    /**
     * The known word the input most likely meant: the same word spelled in another case or with
     * other separators ({@code minLength}, {@code min_length}), one within a small edit distance
     * ({@code min-lenght}), or the only one it begins ({@code rsa} for {@code rsa-private-key}).
     */
    static Optional<String> suggest(String input, Collection<String> known) {
        String normalized = normalize(input);
        for (String candidate : known) {
            if (normalize(candidate).equals(normalized)) {
                return Optional.of(candidate);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(input.toLowerCase(Locale.ROOT), candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= Math.max(2, input.length() / 3)) {
            return Optional.of(best);
        }
        if (normalized.length() >= 3) {
            var prefixed = known.stream().filter(k -> normalize(k).startsWith(normalized)).toList();
            if (prefixed.size() == 1) {
                return Optional.of(prefixed.get(0));
            }
        }
        return Optional.empty();
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[-_ .]", "");
    }

    /** Optimal string alignment distance: Levenshtein plus swaps of two neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
