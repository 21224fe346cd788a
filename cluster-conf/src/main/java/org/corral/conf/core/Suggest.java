package org.corral.conf.core;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean": the closest known name within a small edit distance. */
final class Suggest {
    private static final int NAME_LENGTH_MAX = 64;

    private Suggest() {
    }

    static Optional<String> closest(String wrong, Collection<String> known) {
        if (wrong.length() > NAME_LENGTH_MAX) {
            return Optional.empty();
        }
        String lower = wrong.toLowerCase(java.util.Locale.ROOT);
        String prefixMatch = null;
        for (String candidate : known) {
            String other = candidate.toLowerCase(java.util.Locale.ROOT);
            boolean prefix = !lower.isEmpty() && (other.startsWith(lower) || lower.startsWith(other));
            // a truncated name (fence_ipmi for fence_ipmilan) is the likeliest slip; the closest length wins
            if (prefix && Math.abs(other.length() - lower.length()) <= 4 && (prefixMatch == null
                    || Math.abs(other.length() - lower.length()) < Math.abs(prefixMatch.length() - lower.length()))) {
                prefixMatch = candidate;
            }
        }
        if (prefixMatch != null && !prefixMatch.equalsIgnoreCase(wrong)) {
            return Optional.of(prefixMatch);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (candidate.length() > NAME_LENGTH_MAX) {
                continue;
            }
            int distance = distance(wrong.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.max(1, wrong.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
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
