package org.corral.totem.core;

import java.util.List;
import java.util.Optional;

/**
 * The ORF (ordering, reliability, flow control) token of one ring (paper section 3; corosync
 * {@code struct orf_token}). {@code seq} is the highest sequence number assigned on the ring,
 * {@code tokenSeq} the token's own counter (duplicates and retransmitted copies are dropped by it),
 * {@code aru}/{@code aruAddr} the all-received-up-to value and the node that last lowered it.
 */
public record OrfToken(
        NodeId sender,
        RingId ringId,
        long tokenSeq,
        long seq,
        long aru,
        Optional<NodeId> aruAddr,
        int backlog,
        int fcc,
        boolean retransFlg,
        List<RtrItem> rtrList) implements TotemMessage {

    /** corosync's RETRANSMIT_ENTRIES_MAX: the rtr list never holds more. */
    public static final int RTR_ENTRIES_MAX = 30;

    /** One retransmission request: a message of {@code ringId} numbered {@code seq}. */
    public record RtrItem(RingId ringId, long seq) {
        public RtrItem {
            if (ringId == null || seq < 1) {
                throw new IllegalArgumentException("rtr item needs a ring id and seq >= 1");
            }
        }
    }

    public OrfToken {
        if (sender == null || ringId == null || aruAddr == null || rtrList == null) {
            throw new IllegalArgumentException("orf token fields must not be null");
        }
        if (tokenSeq < 0 || seq < 0 || aru < 0 || aru > seq || backlog < 0 || fcc < 0) {
            throw new IllegalArgumentException("orf token counters out of range (aru " + aru + ", seq " + seq + ")");
        }
        if (rtrList.size() > RTR_ENTRIES_MAX) {
            throw new IllegalArgumentException("rtr list of " + rtrList.size() + " entries exceeds " + RTR_ENTRIES_MAX);
        }
        rtrList = List.copyOf(rtrList);
    }

    @Override
    public int sizeBytes() {
        return HEADER_BYTES + 44 + 20 * rtrList.size();
    }
}
