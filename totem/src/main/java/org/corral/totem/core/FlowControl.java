package org.corral.totem.core;

/**
 * How many frames this node may send on one token visit (paper section 3.4; corosync
 * {@code fcc_calculate}, {@code fcc_token_update}): at most max_messages per visit, the ring as a
 * whole about window_size per rotation, shared in proportion to each node's backlog.
 */
final class FlowControl {
    private FlowControl() {}

    /**
     * @param tokenFcc frames sent on the ring in the last rotation, as the token carries it
     * @param tokenBacklog the ring's backlog as the token carries it (includes my previous one)
     * @param myBacklog frames queued here now
     * @param myPreviousBacklog frames queued here at my previous visit
     */
    static int allowed(TotemConfig config, int tokenFcc, int tokenBacklog, int myBacklog, int myPreviousBacklog) {
        int allowed = Math.min(config.maxMessages(), config.windowSize() - tokenFcc);
        long ringBacklog = (long) tokenBacklog + myBacklog - myPreviousBacklog;
        if (myBacklog > 0 && ringBacklog > 0) {
            // Rounded up: with many senders the truncated share (50/32 = 1) wastes a third of the
            // window; the window bound above still caps the ring as a whole.
            long share = ((long) config.windowSize() * myBacklog + ringBacklog - 1) / ringBacklog;
            allowed = (int) Math.min(allowed, Math.max(1, share));
        }
        return Math.max(0, allowed);
    }

    /** The fcc after my visit: add what I sent now, drop what I sent a rotation ago. */
    static int updatedFcc(int tokenFcc, int sentNow, int sentLastRotation) {
        return Math.max(0, tokenFcc + sentNow - sentLastRotation);
    }

    /** The backlog after my visit: replace my previous contribution with my current one. */
    static int updatedBacklog(int tokenBacklog, int myBacklog, int myPreviousBacklog) {
        return Math.max(0, tokenBacklog + myBacklog - myPreviousBacklog);
    }
}
