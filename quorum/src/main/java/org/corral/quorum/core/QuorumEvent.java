package org.corral.quorum.core;

import java.util.List;

/**
 * What the quorum engine consumes. Membership changes, node announcements and commands arrive
 * through totem's agreed order, so every node applies the same events in the same order and
 * computes the same quorum. Qdisk reports and ticks are local to the node, as in cman.
 */
public sealed interface QuorumEvent {

    /** A regular configuration: the members of the new ring, sorted by node id. */
    record Membership(long generation, List<Integer> members) implements QuorumEvent {
        public Membership {
            members = List.copyOf(members);
        }
    }

    /** A member's announcement of itself (cman's NODEINFO), sent once it joins a ring. */
    record NodeInfo(int nodeId, String clusterName, int clusterId, int configVersion, int votes, int expectedVotes)
            implements QuorumEvent {}

    /** {@code cman_tool expected -e N}. */
    record SetExpected(int expectedVotes) implements QuorumEvent {}

    /** {@code cman_tool votes -v N [-n node]}. */
    record SetVotes(int nodeId, int votes) implements QuorumEvent {}

    /** {@code cman_tool leave [remove]}: the node leaves cleanly; remove lowers expected votes. */
    record Leave(int nodeId, boolean remove) implements QuorumEvent {}

    /** {@code cman_tool version -r}: the new configuration, read by every node. */
    record Reload(QuorumConfig config) implements QuorumEvent {}

    /** qdiskd registered the quorum device with {@code votes} (cman_register_quorum_device). */
    record QdiskRegister(String name, int votes) implements QuorumEvent {}

    /**
     * qdiskd's poll (cman_poll_quorum_device): {@code alive} says this node may count the votes.
     * {@code masterNodeId} is the qdisk master that granted them (0 if unknown): when a membership
     * change takes that master out of this node's partition, the votes stop counting at once
     * instead of after quorum_dev_poll (a deviation from cman that closes a window in which two
     * partitions could both count the disk).
     */
    record QdiskPoll(boolean alive, long nowMs, int masterNodeId) implements QuorumEvent {
        public QdiskPoll(boolean alive, long nowMs) {
            this(alive, nowMs, 0);
        }
    }

    /** qdiskd unregistered the device (clean stop). */
    record QdiskUnregister() implements QuorumEvent {}

    /** Time passes: the only clock the engine sees. */
    record Tick(long nowMs) implements QuorumEvent {}
}
