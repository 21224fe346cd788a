package org.corral.quorum.core;

/** What the quorum engine asks its shell to do or tell, in order. */
public sealed interface QuorumEffect {

    enum Level { DEBUG, INFO, NOTICE, WARNING, ERROR }

    /** A line for the daemon log in cman's words; the shell adds "[CMAN  ]", time and pid. */
    record Log(Level level, String text) implements QuorumEffect {}

    /** The partition became quorate (resume activity) or lost quorum (block activity). */
    record QuorateChanged(boolean quorate) implements QuorumEffect {}

    /** A joining node is refused (different config version, cluster name or id): kill it. */
    record RefuseNode(int nodeId, String reason) implements QuorumEffect {}

    /** A command was applied. */
    record CommandAccepted(QuorumEvent command) implements QuorumEffect {}

    /**
     * A command was refused; {@code reason} is the strerror text cman_tool prints after its
     * prefix (e.g. "can't set expected votes: Invalid argument").
     */
    record CommandRejected(QuorumEvent command, String reason) implements QuorumEffect {}
}
