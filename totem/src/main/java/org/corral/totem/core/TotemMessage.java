package org.corral.totem.core;

/**
 * A totem protocol message (ORF token, mcast, join/leave, merge detect, commit token, token hold
 * cancel) as an immutable record, validated once where it is decoded. Handlers never see bytes.
 * The records themselves live beside the processor; the wire codec lives in package wire.
 */
public sealed interface TotemMessage
        permits OrfToken, Mcast, MembJoin, MembMergeDetect, CommitToken, TokenHoldCancel {

    /** corosync's common header (magic, version, type, encapsulated, nodeid, target_nodeid). */
    int HEADER_BYTES = 13;

    /** The node that sent this packet (the header's nodeid). */
    NodeId sender();

    /** A size estimate in bytes on the wire (header + body), for MTU and simulated capacity. */
    int sizeBytes();
}
