package org.corral.quorum.core;

import java.util.Collection;
import java.util.List;

/**
 * votequorum's {@code auto_tie_breaker} (beyond RHCS): in an exact 50/50 split of the expected
 * votes, the half that holds the tie-breaker node stays quorate. The tie-breaker is chosen from the
 * configured node list, which every node shares, never from the current membership.
 *
 * <p>Why it is safe: an exact split leaves at most two partitions holding half the votes each,
 * and the tie-breaker node is in at most one of them, so at most one is quorate.
 */
public final class AutoTieBreaker {
    private AutoTieBreaker() {}

    /** Which configured node breaks ties: {@code lowest} (default), {@code highest}, or a list. */
    public sealed interface Mode {
        record Lowest() implements Mode {}

        record Highest() implements Mode {}

        /** The first listed node that is configured is the tie-breaker. */
        record Listed(List<Integer> nodeIds) implements Mode {
            public Listed {
                nodeIds = List.copyOf(nodeIds);
                Check.argument(!nodeIds.isEmpty(), "auto_tie_breaker_node list is empty");
            }
        }
    }

    /** The longest tie-breaker list read from a configuration (more ids than nodes make no sense). */
    public static final int LISTED_NODES_MAX = 4096;

    /**
     * votequorum's {@code auto_tie_breaker_node} value: "lowest", "highest", or node ids separated by
     * white space. Throws IllegalArgumentException with a one-line reason for anything else.
     */
    public static Mode parseMode(String text) {
        Check.argument(text != null, "auto_tie_breaker_node is required");
        String trimmed = text.strip();
        if (trimmed.equals("lowest")) {
            return new Mode.Lowest();
        }
        if (trimmed.equals("highest")) {
            return new Mode.Highest();
        }
        String[] words = trimmed.split("\\s+");
        Check.argument(!trimmed.isEmpty() && words.length <= LISTED_NODES_MAX,
                "auto_tie_breaker_node must be lowest, highest or up to " + LISTED_NODES_MAX + " node ids");
        List<Integer> ids = new java.util.ArrayList<>();
        for (String word : words) {
            Check.argument(word.matches("[0-9]{1,4}") && Integer.parseInt(word) >= 1
                    && Integer.parseInt(word) <= QuorumConfig.NODES_MAX,
                    "auto_tie_breaker_node: '" + word + "' is not a node id (1 to " + QuorumConfig.NODES_MAX + ")");
            ids.add(Integer.parseInt(word));
        }
        return new Mode.Listed(ids);
    }

    /** The decision for one quorum evaluation. */
    public sealed interface Decision {
        /** Not an exact split (or the feature is off): the vote rule alone decides. */
        record NotApplicable() implements Decision {}

        /** An exact split and this partition holds the tie-breaker: quorate. */
        record KeepsQuorum(int tieBreakerNodeId) implements Decision {}

        /** An exact split and the tie-breaker is elsewhere: not quorate. */
        record LosesTie(int tieBreakerNodeId) implements Decision {}
    }

    public static Decision decide(boolean enabled, Mode mode, Collection<Integer> configuredNodeIds,
            Collection<Integer> memberNodeIds, int totalVotes, int expectedVotes) {
        if (!enabled || expectedVotes % 2 != 0 || totalVotes * 2 != expectedVotes || configuredNodeIds.isEmpty()) {
            return new Decision.NotApplicable();
        }
        int tieBreaker = tieBreaker(mode, configuredNodeIds);
        if (tieBreaker < 0) {
            return new Decision.NotApplicable();
        }
        return memberNodeIds.contains(tieBreaker)
                ? new Decision.KeepsQuorum(tieBreaker)
                : new Decision.LosesTie(tieBreaker);
    }

    static int tieBreaker(Mode mode, Collection<Integer> configuredNodeIds) {
        if (mode instanceof Mode.Lowest) {
            return configuredNodeIds.stream().mapToInt(Integer::intValue).min().orElse(-1);
        }
        if (mode instanceof Mode.Highest) {
            return configuredNodeIds.stream().mapToInt(Integer::intValue).max().orElse(-1);
        }
        for (int id : ((Mode.Listed) mode).nodeIds()) {
            if (configuredNodeIds.contains(id)) {
                return id;
            }
        }
        return -1;
    }
}
