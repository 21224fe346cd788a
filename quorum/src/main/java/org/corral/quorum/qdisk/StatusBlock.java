package org.corral.quorum.qdisk;

/**
 * One node's status block ({@code status_block_t}), validated: the codec builds it only from a
 * block whose magic, CRCs and codes are right.
 *
 * @param updateNode the node that wrote it (the owner, or the master writing an eviction notice)
 * @param timestamp seconds since the epoch ({@code ps_timestamp}); changes on every write, and an unchanged
 *     timestamp is a missed cycle
 * @param incarnation the writer's run token; qdiskd stores it in its own byte order (little-endian on x86)
 * @param memberMask bit (id-1) set for each node this node sees online
 * @param masterMask the master's view: bit (id-1) set for each node allowed to count the disk votes
 */
public record StatusBlock(int updateNode, long timestamp, int nodeId, DiskState state, int flags, int score,
        int scoreMax, long averageCycleUs, long lastCycleUs, long incarnation, DiskMessage message, int seq, long arg,
        int memberMask, int masterMask) {

    public StatusBlock {
        if (nodeId < 1 || nodeId > QdiskLayout.NODES_MAX) {
            throw new IllegalArgumentException("status block node id " + nodeId + " outside 1.." + QdiskLayout.NODES_MAX);
        }
        if (state == null || message == null) {
            throw new IllegalArgumentException("status block needs a state and a message");
        }
        if (score < 0 || score > 0xFFFF || scoreMax < 0 || scoreMax > 0xFFFF || seq < 0 || seq > 0xFFFF) {
            throw new IllegalArgumentException("status block score/seq out of 16-bit range");
        }
    }

    /** The block mkqdisk writes: state NONE, nobody wrote it yet. */
    public static StatusBlock blank(int nodeId, long timestamp) {
        return new StatusBlock(0, timestamp, nodeId, DiskState.NONE, 0, 0, 0, 0, 0, 0, DiskMessage.NONE, 0, 0, 0, 0);
    }

    /** The same block with another state, written by {@code writer} at {@code when} (an eviction notice). */
    public StatusBlock evictedBy(int writer, long when) {
        return new StatusBlock(writer, when, nodeId, DiskState.EVICT, flags, score, scoreMax, averageCycleUs,
                lastCycleUs, incarnation, message, seq, arg, memberMask, masterMask);
    }

    public static boolean bit(int mask, int nodeId) {
        return (mask & (1 << (nodeId - 1))) != 0;
    }

    public static int withBit(int mask, int nodeId, boolean on) {
        return on ? mask | (1 << (nodeId - 1)) : mask & ~(1 << (nodeId - 1));
    }
}
