package org.corral.totem.core;

/**
 * A ring's identity: its representative and its sequence ({@code memb_ring_id} of corosync 3).
 * New rings take {@code seq = highest seen + 4}; the sequence is persisted before it is used.
 */
public record RingId(NodeId representative, long seq) implements Comparable<RingId> {
    public RingId {
        if (representative == null) {
            throw new IllegalArgumentException("ring id needs a representative");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("ring seq " + seq + " is negative");
        }
    }

    @Override
    public int compareTo(RingId other) {
        int bySeq = Long.compare(seq, other.seq);
        return bySeq != 0 ? bySeq : representative.compareTo(other.representative);
    }

    @Override
    public String toString() {
        return representative + "." + seq;
    }
}
