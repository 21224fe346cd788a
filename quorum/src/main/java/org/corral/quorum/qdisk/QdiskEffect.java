package org.corral.quorum.qdisk;

/** What a qdisk cycle asks its shell to do, in order. */
public sealed interface QdiskEffect {

    enum Level { DEBUG, INFO, NOTICE, WARNING, ERROR, CRIT, ALERT, EMERG }

    /** A line for qdiskd's log. */
    record Log(Level level, String text) implements QdiskEffect {}

    /** Write this block to its node's slot (our own, or an eviction notice for a peer). */
    record WriteBlock(StatusBlock block) implements QdiskEffect {}

    /** Register the quorum device with cman under {@code name} with {@code votes}. */
    record RegisterQuorumDevice(String name, int votes) implements QdiskEffect {}

    /**
     * cman_poll_quorum_device: alive means this node may count the disk's votes now, as granted
     * by {@code masterNodeId} (0 when not alive).
     */
    record PollQuorumDevice(boolean alive, int masterNodeId) implements QdiskEffect {}

    /** The master evicted a node and allow_kill is set: ask cman to kill it. */
    record KillNode(int nodeId) implements QdiskEffect {}

    /** reboot=1 and we lost our score (or someone evicted us): reboot this machine. */
    record Reboot(String reason) implements QdiskEffect {}

    /** stop_cman=1 and qdisk cannot run: make cman leave the cluster. */
    record StopCman(String reason) implements QdiskEffect {}

    /** Too many I/O errors: stop the quorum loop. */
    record Stop(String reason) implements QdiskEffect {}
}
