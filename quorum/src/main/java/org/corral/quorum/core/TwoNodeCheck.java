package org.corral.quorum.core;

/**
 * cman's start-up checks for {@code <cman two_node="1">} (cluster 3 {@code cmanconfig.c}). They run
 * once at start-up, never on a live membership. expected_votes itself is not checked here: only
 * {@code cman_tool join -2} checks it ("expected_votes value (%d) invalid in two node mode").
 */
public final class TwoNodeCheck {
    private TwoNodeCheck() {}

    /** The outcome of the start-up check. */
    public sealed interface Decision {
        record Accepted() implements Decision {}

        /** {@code syslog} goes to the daemon log, {@code pipe} back to cman_tool join. */
        record Refused(String syslog, String pipe) implements Decision {}
    }

    public static Decision check(boolean twoNode, int configuredNodeCount, int configuredVoteSum, int ownVotes) {
        if (!twoNode) {
            return new Decision.Accepted();
        }
        if (configuredNodeCount != 2 || configuredVoteSum != 2) {
            return new Decision.Refused(
                    "the two-node option requires exactly two nodes with one vote each and expected votes of 1"
                            + " (node_count=" + configuredNodeCount + " vote_sum=" + configuredVoteSum + ")",
                    "two_node is set but there are not 2 nodes in cluster.conf");
        }
        if (ownVotes != 1) {
            return new Decision.Refused("two_node set but votes not set to 1", "two_node set but votes not set to 1");
        }
        return new Decision.Accepted();
    }

    /** {@code cman_tool join -2 -e N}: the CLI's own check of the expected votes. */
    public static Decision checkJoinExpected(int expectedVotes) {
        if (expectedVotes != 1) {
            String message = "expected_votes value (" + expectedVotes + ") invalid in two node mode";
            return new Decision.Refused(message, message);
        }
        return new Decision.Accepted();
    }
}
