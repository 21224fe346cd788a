package org.corral.totem.rrp;

import org.corral.totem.core.NodeId;

/**
 * The redundant ring protocol's own message (corosync 2.x RING_TEST_ACTIVE / RING_TEST_ACTIVATE,
 * types 6 and 7). A node that holds ring {@code ring} faulty sends a PROBE on that ring; each peer
 * that hears it answers with an ACK on the same ring; when the activator has heard every member
 * on that ring it sends ACTIVATE and everybody re-enables the ring. {@code testId} tells one
 * round from the next so that late answers of an old round count for nothing.
 */
public record RingTest(NodeId sender, int ring, NodeId activator, long testId, Kind kind) {

    public enum Kind { PROBE, ACK, ACTIVATE }

    public RingTest {
        if (sender == null || activator == null || kind == null) {
            throw new IllegalArgumentException("ring test fields must not be null");
        }
        if (ring < 0 || ring >= RrpConfig.RINGS_MAX || testId < 0) {
            throw new IllegalArgumentException("ring test for ring " + ring + " / id " + testId + " out of range");
        }
    }
}
