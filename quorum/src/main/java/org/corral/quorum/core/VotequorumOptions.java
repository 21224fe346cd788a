package org.corral.quorum.core;

/**
 * The options corosync 2's votequorum added beyond RHCS's cman. All off by default, which is cman.
 * votequorum forbids auto_tie_breaker with two_node and last_man_standing with a quorum device;
 * {@link QuorumConfig} enforces those.
 */
public record VotequorumOptions(boolean waitForAll, boolean lastManStanding, long lastManStandingWindowMs,
        boolean autoTieBreaker, AutoTieBreaker.Mode autoTieBreakerMode) {

    public static final VotequorumOptions NONE = new VotequorumOptions(
            false, false, LastManStanding.WINDOW_DEFAULT_MS, false, new AutoTieBreaker.Mode.Lowest());

    public VotequorumOptions {
        Check.argument(lastManStandingWindowMs > 0, "last_man_standing_window must be positive");
        Check.argument(autoTieBreakerMode != null, "auto_tie_breaker_node mode is required");
    }

    public VotequorumOptions withWaitForAll(boolean on) {
        return new VotequorumOptions(on, lastManStanding, lastManStandingWindowMs, autoTieBreaker, autoTieBreakerMode);
    }

    public VotequorumOptions withLastManStanding(boolean on, long windowMs) {
        return new VotequorumOptions(waitForAll, on, windowMs, autoTieBreaker, autoTieBreakerMode);
    }

    public VotequorumOptions withAutoTieBreaker(boolean on, AutoTieBreaker.Mode mode) {
        return new VotequorumOptions(waitForAll, lastManStanding, lastManStandingWindowMs, on, mode);
    }
}
