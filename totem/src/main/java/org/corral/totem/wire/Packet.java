package org.corral.totem.wire;

import org.corral.totem.core.TotemMessage;
import org.corral.totem.rrp.RingTest;

/** What one datagram decodes to: a totem SRP message or a redundant-ring test message. */
public sealed interface Packet {

    /** {@code target} is the header's target node id: 0 for every node. */
    record Totem(TotemMessage message, int target) implements Packet {}

    record Rrp(RingTest message, int target) implements Packet {}
}
