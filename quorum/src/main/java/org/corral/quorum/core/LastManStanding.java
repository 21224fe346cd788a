package org.corral.quorum.core;

import java.util.OptionalLong;

/**
 * votequorum's {@code last_man_standing} (beyond RHCS). After a membership loss that keeps quorum,
 * a window ({@code last_man_standing_window}, default 10000 ms) starts; when it expires and the
 * partition is still quorate, expected votes drop to the votes present, so the cluster can lose
 * nodes one window at a time. Going from 2 nodes to 1 needs auto_tie_breaker as well.
 *
 * <p>Why it is safe: the recalculation only happens in a partition that is quorate at that moment,
 * which is the only quorate partition (by the vote rule); the nodes outside it still hold the old,
 * higher expected votes and so cannot be quorate on their own. The window must be longer than the
 * time a partition needs to notice it lost quorum (one totem token timeout plus consensus).
 */
public final class LastManStanding {
    public static final long WINDOW_DEFAULT_MS = 10_000;

    private LastManStanding() {}

    /** What the engine must do with its window timer. */
    public sealed interface Decision {
        record Nothing() implements Decision {}

        /** A member left while quorate: (re)start the window, expiring at {@code deadlineMs}. */
        record StartWindow(long deadlineMs) implements Decision {}

        /** The partition lost quorum or the feature is off: forget the window. */
        record CancelWindow() implements Decision {}

        /** The window expired while quorate: lower expected votes to {@code newExpectedVotes}. */
        record LowerExpected(int newExpectedVotes) implements Decision {}
    }

    /**
     * @param memberLost a member left in the membership change being processed (false on a tick)
     * @param windowDeadlineMs the running window, if any
     */
    public static Decision decide(boolean enabled, long windowMs, long nowMs, boolean memberLost,
            OptionalLong windowDeadlineMs, boolean quorate, int totalVotes, int expectedVotes) {
        Check.argument(windowMs > 0, "last_man_standing_window must be positive");
        if (!enabled || !quorate) {
            return windowDeadlineMs.isPresent() ? new Decision.CancelWindow() : new Decision.Nothing();
        }
        if (memberLost) {
            return new Decision.StartWindow(nowMs + windowMs);
        }
        if (windowDeadlineMs.isPresent() && nowMs >= windowDeadlineMs.getAsLong()) {
            if (totalVotes < expectedVotes) {
                return new Decision.LowerExpected(totalVotes);
            }
            return new Decision.CancelWindow();
        }
        return new Decision.Nothing();
    }
}
