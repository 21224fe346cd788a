package org.corral.quorum.core;

import java.util.List;
import java.util.OptionalInt;

/**
 * cman's vote arithmetic (cluster 3 {@code cman/daemon/commands.c calculate_quorum} and
 * {@code cmanconfig.c}): pure functions, no state.
 *
 * <p>The quorum formula comes from the OpenVMS cluster manual: a majority of the highest expected
 * votes, and never less than a majority of the votes actually present. Integer division is
 * deliberate and matches cman exactly ({@code (e + 2) / 2} is {@code floor(e / 2) + 1}).
 */
public final class Votes {
    /** cman refuses a node with more votes than this ("Found invalid votes for node in CCS"). */
    public static final int NODE_VOTES_MAX = 255;
    /** Default votes of a {@code <clusternode>} without {@code votes=}. */
    public static final int NODE_VOTES_DEFAULT = 1;
    /** Upper bound on any vote sum we accept, so sums never overflow. */
    public static final int TOTAL_VOTES_MAX = 4096 * NODE_VOTES_MAX + 65_535;

    private Votes() {}

    /** quorum = max((highestExpected + 2) / 2, (totalVotes + 2) / 2), integer division. */
    public static int quorum(int highestExpected, int totalVotes) {
        Check.argument(highestExpected >= 0 && highestExpected <= TOTAL_VOTES_MAX,
                "expected votes " + highestExpected + " out of range");
        Check.argument(totalVotes >= 0 && totalVotes <= TOTAL_VOTES_MAX,
                "total votes " + totalVotes + " out of range");
        int byExpected = (highestExpected + 2) / 2;
        int byTotal = (totalVotes + 2) / 2;
        return Math.max(byExpected, byTotal);
    }

    /**
     * The quorum cman uses: {@link #quorum} unless two_node is set and at most two nodes are
     * members, then 1 (both halves of a split may be quorate; the fence race decides, so safety
     * rests on fencing, not on votes).
     */
    public static int quorum(int highestExpected, int totalVotes, boolean twoNode, int memberCount) {
        if (twoNode && memberCount <= 2) {
            return 1;
        }
        return quorum(highestExpected, totalVotes);
    }

    /**
     * Expected votes: the command line ({@code cman_tool join -e}, CMAN_EXPECTEDVOTES) wins, then
     * {@code <cman expected_votes>}, then the sum of configured node votes.
     */
    public static int expected(OptionalInt commandLine, OptionalInt cmanExpectedVotes, List<Integer> nodeVotes) {
        if (commandLine.isPresent() && commandLine.getAsInt() > 0) {
            return commandLine.getAsInt();
        }
        if (cmanExpectedVotes.isPresent() && cmanExpectedVotes.getAsInt() > 0) {
            return cmanExpectedVotes.getAsInt();
        }
        long sum = 0;
        for (int votes : nodeVotes) {
            Check.argument(votes >= 0 && votes <= NODE_VOTES_MAX, "node votes " + votes + " out of range");
            sum += votes;
        }
        Check.argument(sum <= TOTAL_VOTES_MAX, "vote sum " + sum + " out of range");
        return (int) sum;
    }

    /** Checks one node's configured votes the way cman reads them from CCS. */
    public static VotesVerdict checkNodeVotes(int votes) {
        if (votes < 0) {
            return new VotesVerdict.Refused("Found negative votes for this node in CCS");
        }
        if (votes > NODE_VOTES_MAX) {
            return new VotesVerdict.Refused("Found invalid votes for node in CCS");
        }
        return new VotesVerdict.Accepted(votes);
    }

    /** The verdict on one configured vote count. */
    public sealed interface VotesVerdict {
        record Accepted(int votes) implements VotesVerdict {}

        record Refused(String message) implements VotesVerdict {}
    }
}
