package org.corral.conf.core;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean": the closest known name within a small edit distance. Among equally close names
 * one that extends what was typed wins (fence_ipmi is a cut-short fence_ipmilan, not fence_apc), and
 * a cut-short name is recognised even beyond the edit allowance.
 */
final class Suggest {
    private static final int NAME_LENGTH_MAX = 64;
    private static final int TRUNCATION_MAX = 4;

    private Suggest() {
    }

    static Optional<String> closest(String wrong, Collection<String> known) {
        if (wrong.isEmpty() || wrong.length() > NAME_LENGTH_MAX) {
            return Optional.empty();
        }
        String typed = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean bestExtends = false;
        String truncated = null;
        for (String candidate : known) {
            if (candidate.length() > NAME_LENGTH_MAX) {
                continue;
            }
            String other = candidate.toLowerCase(Locale.ROOT);
            boolean extendsTyped = other.startsWith(typed) && other.length() > typed.length();
            int distance = distance(typed, other);
            if (distance < bestDistance || (distance == bestDistance && extendsTyped && !bestExtends)) {
                bestDistance = distance;
                best = candidate;
                bestExtends = extendsTyped;
            }
            if (extendsTyped && other.length() - typed.length() <= TRUNCATION_MAX
                    && (truncated == null || candidate.length() < truncated.length())) {
                truncated = candidate;
            }
        }
        int allowed = Math.max(1, wrong.length() / 3);
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        return Optional.ofNullable(truncated);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
