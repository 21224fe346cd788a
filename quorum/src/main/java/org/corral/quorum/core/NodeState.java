package org.corral.quorum.core;

/** How the quorum engine sees one node; only MEMBER nodes' votes count. */
public enum NodeState {
    /** In the ring but its announcement has not arrived yet: not counted. */
    JOINING,
    /** In the ring and announced with a matching configuration: counted. */
    MEMBER,
    /** Announced a clean leave: not counted. */
    LEAVING,
    /** Left the ring (failed or after leaving). */
    DEAD,
    /** Announced a conflicting configuration: refused and never counted while in this ring. */
    DISALLOWED
}
