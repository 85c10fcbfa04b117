package org.covertmark.core.engine;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.apiguardian.api.API;

/** The nearest valid name to a mistyped one, for "did you mean" messages. */
@API(status = INTERNAL, since = "0.1")
public final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code typed} by edit distance, if it is close enough to be a likely typo. */
    public static Optional<String> nearest(String typed, Collection<String> candidates) {
        return candidates.stream().min(Comparator.comparingInt(c -> distance(typed, c)))
                .filter(c -> distance(typed, c) <= Math.max(2, c.length() / 3));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
