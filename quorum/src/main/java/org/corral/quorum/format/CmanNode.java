package org.corral.quorum.format;

import java.util.List;

/**
 * One row of {@code cman_tool nodes}. The quorum device is listed as node 0 with incarnation 0,
 * named by its device path or cman_label.
 *
 * @param membership cn_member: 0 not a member (X), 1 member (M), 2 disallowed (d), else '?'
 * @param joinedEpochSeconds 0 when unknown; printed only for members
 * @param state the -F state: Joining, Member, Dead, Leaving, Disallowed, else Unknown
 */
public record CmanNode(long nodeId, int membership, int incarnation, long joinedEpochSeconds, String name,
        List<String> addresses, int votes, int expectedVotes, State state) {

    /** cman's CLUSTER_NODESTATE_* as -F state prints them. */
    public enum State {
        JOINING("Joining"), MEMBER("Member"), DEAD("Dead"), LEAVING("Leaving"), DISALLOWED("Disallowed"),
        UNKNOWN("Unknown");

        private final String word;

        State(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public CmanNode {
        if (name == null) {
            throw new IllegalArgumentException("node name is required");
        }
        addresses = List.copyOf(addresses);
        if (state == null) {
            state = State.UNKNOWN;
        }
    }

    /** The Sts column. */
    public char statusChar() {
        return switch (membership) {
            case 0 -> 'X';
            case 1 -> 'M';
            case 2 -> 'd';
            default -> '?';
        };
    }
}
