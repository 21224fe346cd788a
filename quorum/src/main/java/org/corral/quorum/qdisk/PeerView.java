package org.corral.quorum.qdisk;

/**
 * What one node knows about one peer from reading its status block each cycle (qdiskd's
 * {@code node_info_t}): the last block, how many cycles it missed or was seen, and its state as
 * this node judges it (which differs from the state the peer wrote, e.g. EVICT after tko misses).
 */
final class PeerView {
    final int nodeId;
    StatusBlock last;
    DiskState judged = DiskState.NONE;
    long incarnation;
    long evilIncarnation;
    long lastSeenTimestamp;
    int misses;
    int seen;

    PeerView(int nodeId, long now) {
        this.nodeId = nodeId;
        this.last = StatusBlock.blank(nodeId, now);
        this.lastSeenTimestamp = now;
    }

    /** A fresh read of the peer's block: counts a miss when its timestamp did not move. */
    void read(StatusBlock block) {
        last = block;
        if (!block.state().running()) {
            return;
        }
        if (block.timestamp() == lastSeenTimestamp) {
            misses++;
            return;
        }
        misses = 0;
        seen++;
        lastSeenTimestamp = block.timestamp();
    }

    void forget() {
        incarnation = 0;
        seen = 0;
        misses = 0;
        judged = DiskState.NONE;
    }

    /** The peer's state as written, overridden locally (an eviction we decided). */
    DiskState written() {
        return last.state();
    }
}
