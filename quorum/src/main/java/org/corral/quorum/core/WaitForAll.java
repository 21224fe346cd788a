package org.corral.quorum.core;

/**
 * votequorum's {@code wait_for_all} (beyond RHCS): after start-up a partition is not quorate
 * until it has seen all expected votes at once; the flag is then cleared for good (until the
 * next start). Why it is safe: a node that has not yet seen the whole cluster cannot form a
 * quorate partition on its own, even when the two halves of a split restart separately.
 */
public final class WaitForAll {
    private WaitForAll() {}

    /** The decision for one quorum evaluation. */
    public sealed interface Decision {
        /** wait_for_all is off or already released: the vote rule alone decides. */
        record NotWaiting() implements Decision {}

        /** Still waiting: the partition is not quorate whatever its votes. */
        record Blocked(String logLine) implements Decision {}

        /** All expected votes are present: clear the flag, and the vote rule decides from now on. */
        record Released() implements Decision {}
    }

    public static Decision decide(boolean enabled, boolean stillWaiting, int totalVotes, int expectedVotes) {
        if (!enabled || !stillWaiting) {
            return new Decision.NotWaiting();
        }
        if (totalVotes >= expectedVotes) {
            return new Decision.Released();
        }
        return new Decision.Blocked("Waiting for all cluster members. Current votes: " + totalVotes
                + " expected_votes: " + expectedVotes);
    }
}
