package org.corral.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.corral.totem.core.CommitToken;
import org.corral.totem.core.Destination;
import org.corral.totem.core.Mcast;
import org.corral.totem.core.OrfToken;
import org.corral.totem.core.Send;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemMessage;
import org.corral.totem.core.TotemOutput;

/**
 * A node's effects as the simulator applies them: {@link TotemOutput}'s contract (persist, then
 * send, then deliver), with packets as plain objects so that test doubles, whose messages cannot
 * join totem's sealed message family, travel the same simulated network.
 */
public record SimOutput(OptionalLong ringSeqToPersist, List<Packet> sends, List<TotemEvent> events) {

    /**
     * One packet to transmit: its ring, where it goes, the message object, its size on the wire,
     * and the sequence of the totem ring id it belongs to ({@link #NO_RING} for joins and other
     * packets that are not sent on a ring): the simulator checks that sequence was persisted first.
     */
    public record Packet(int ring, Destination destination, Object message, int sizeBytes, long ringSeq) {
        public static final long NO_RING = -1;

        public Packet {
            if (ring < 0 || ring >= Network.RINGS_MAX || destination == null || message == null || sizeBytes < 1) {
                throw new IllegalArgumentException("a packet needs a ring 0..1, a destination, a message and a size");
            }
        }
    }

    public SimOutput {
        sends = List.copyOf(sends);
        events = List.copyOf(events);
    }

    public static SimOutput of(TotemOutput output) {
        List<Packet> packets = new ArrayList<>(output.sends().size());
        for (Send send : output.sends()) {
            packets.add(new Packet(send.ring(), send.destination(), send.message(), send.message().sizeBytes(),
                    ringSeqOf(send.message())));
        }
        return new SimOutput(output.ringSeqToPersist(), packets, output.events());
    }

    /** The ring a totem packet is sent on: tokens, commit tokens and mcasts carry one. */
    static long ringSeqOf(TotemMessage message) {
        if (message instanceof OrfToken token) {
            return token.ringId().seq();
        } else if (message instanceof CommitToken commit) {
            return commit.ringId().seq();
        } else if (message instanceof Mcast mcast) {
            return mcast.ringId().seq();
        }
        return Packet.NO_RING;
    }
}
