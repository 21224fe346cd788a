package org.corral.fence.agents.ipmi;

/**
 * Inbound session sequence numbers (IPMI 2.0 section 6.12.13): a number is accepted once, and only if
 * it is within {@link #WINDOW} below the highest seen or up to {@link #AHEAD_MAX} above it. Sequence
 * numbers are unsigned 32-bit and wrap; 0 is reserved for pre-session traffic and never accepted.
 */
public final class ReplayWindow {
    public static final int WINDOW = 32;
    /** How far ahead a number may jump (lost packets), as the specification's window of 16 allows. */
    public static final int AHEAD_MAX = 16;

    private boolean started;
    private int highest;
    /** Bit i set: highest - i was seen. */
    private long seen;

    /** Starts the window when the first number is not known in advance (RMCP+: "any recent"). */
    public boolean accept(int sequence) {
        if (sequence == 0) {
            return false;
        }
        if (!started) {
            started = true;
            highest = sequence;
            seen = 1;
            return true;
        }
        int delta = sequence - highest;
        if (delta > 0) {
            if (delta > AHEAD_MAX) {
                return false;
            }
            seen = delta >= 64 ? 1 : (seen << delta) | 1;
            highest = sequence;
            return true;
        }
        int behind = -delta;
        if (behind >= WINDOW || (seen & (1L << behind)) != 0) {
            return false;
        }
        seen |= 1L << behind;
        return true;
    }

    /** Starts with a known first number (IPMI 1.5: the peer announced it in Activate Session). */
    public void expectFirst(int sequence) {
        started = true;
        highest = sequence - 1;
        seen = 1;
    }
}
