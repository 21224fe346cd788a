package org.corral.totem.core;

import java.util.List;

/** What the processor hands up to the layer above, in the order it must be applied. */
public sealed interface TotemEvent {

    /** An application message in agreed order. {@code payload} is the submitted bytes, whole. */
    record Delivered(NodeId origin, RingId ring, byte[] payload) implements TotemEvent {}

    /**
     * A configuration change. A membership change delivers TRANSITIONAL (members = those that
     * came from my old ring, left = old members not among them) and then REGULAR (members = the
     * new ring, joined = new members not in the transitional set). Lists are sorted by node id.
     */
    record ConfigurationChange(
            ConfigurationType type, RingId ring, List<NodeId> members, List<NodeId> left, List<NodeId> joined)
            implements TotemEvent {
        public ConfigurationChange {
            members = List.copyOf(members);
            left = List.copyOf(left);
            joined = List.copyOf(joined);
        }
    }

    /**
     * A line for the daemon's log in corosync's words, e.g. "A processor failed, forming new
     * configuration." The shell adds the "[TOTEM ]" tag, the time and the pid.
     */
    record Log(Level level, String text) implements TotemEvent {}

    enum Level { DEBUG, INFO, NOTICE, WARNING, ERROR }
}
