package org.corral.totem.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corral.totem.base.Check;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.Destination;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.Send;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemOutput;
import org.corral.totem.core.TotemProcessor;
import org.corral.totem.crypto.CryptoException;
import org.corral.totem.crypto.PacketSealer;
import org.corral.totem.rrp.RingTest;
import org.corral.totem.rrp.RrpCore;
import org.corral.totem.wire.Packet;
import org.corral.totem.wire.WireCodec;
import org.corral.totem.wire.WireException;

/**
 * Everything one node does between its sockets and its processor, without sockets or clocks:
 * frames in ({@link #receive}), time in ({@link #tick}), payloads in ({@link #submit}); frames,
 * persisted ring sequences and events out through the {@link Sink}. {@link TotemShell} runs it on
 * its one event loop; tests drive it directly with virtual time.
 *
 * <p>Receive path: open (secauth, replay) → decode (every field bounded) → target check → RRP
 * (duplicate copies, ring health) → processor. A frame that fails any step is counted by reason
 * and dropped before it reaches the processor, so garbage never changes protocol state.
 *
 * <p>The output contract of {@link org.corral.totem.core.TotemOutput} is kept in its order:
 * persist the ring sequence, then transmit, then hand events up.
 */
public final class NodeEngine {
    /** Where the engine's effects go; called only from the thread that drives the engine. */
    public interface Sink {
        /** Durably store the ring sequence before anything later is transmitted. */
        void persistRingSeq(long ringSeq);

        void transmit(int ring, Destination destination, byte[] frame);

        void event(TotemEvent event);
    }

    private final NodeId self;
    private final TotemProcessor processor;
    private final RrpCore rrp;
    private final PacketSealer sealer;
    private final Sink sink;
    private final LinkedHashMap<String, Long> counters = new LinkedHashMap<>();
    /** Nodes already reported unreachable in the current configuration (one log line each). */
    private final java.util.TreeSet<NodeId> hinted = new java.util.TreeSet<>();
    private boolean actOnHints;

    public NodeEngine(NodeId self, TotemProcessor processor, RrpCore rrp, PacketSealer sealer, Sink sink) {
        Check.argument(self != null && processor != null && rrp != null && sealer != null && sink != null,
                "engine needs every part");
        this.self = self;
        this.processor = processor;
        this.rrp = rrp;
        this.sealer = sealer;
        this.sink = sink;
        for (String name : List.of("rx_frames", "rx_decode_failed", "rx_wrong_target", "rx_rrp_duplicate",
                "rx_ring_test", "tx_frames", "icmp_unreachable_hints")) {
            counters.put(name, 0L);
        }
    }

    public void start(long nowMs) {
        processor.start(nowMs);
        drain();
    }

    public void tick(long nowMs) {
        processor.tick(nowMs);
        rrp.tick(nowMs);
        drain();
    }

    /** One datagram received on {@code ring}. */
    public void receive(int ring, byte[] frame, int length) {
        count("rx_frames");
        byte[] plain;
        Packet packet;
        try {
            plain = sealer.open(ring, frame, length);
            packet = WireCodec.decode(plain);
        } catch (CryptoException e) {
            return;
        } catch (WireException e) {
            count("rx_decode_failed");
            return;
        }
        int target = packet instanceof Packet.Totem t ? t.target() : ((Packet.Rrp) packet).target();
        if (target != 0 && target != self.value()) {
            count("rx_wrong_target");
            return;
        }
        if (packet instanceof Packet.Rrp test) {
            count("rx_ring_test");
            rrp.onRingTest(ring, test.message());
        } else if (packet instanceof Packet.Totem totem) {
            if (!rrp.accept(ring, totem.message())) {
                count("rx_rrp_duplicate");
            } else {
                processor.receive(ring, totem.message().sender(), totem.message());
            }
        }
        drain();
    }

    /**
     * The kernel reported ICMP port-unreachable for a unicast to {@code node} on {@code ring}: its
     * process is probably gone. Only a hint: it is counted and logged once per configuration, and
     * when hints are acted on (the fast profile) the processor is told, which may declare the
     * token lost at once if {@code node} is its next hop; the node is still excluded only by the
     * consensus timeout, never by the ICMP message.
     */
    public void unreachable(int ring, NodeId node) {
        count("icmp_unreachable_hints");
        if (hinted.add(node)) {
            sink.event(new TotemEvent.Log(TotemEvent.Level.NOTICE, "ICMP port unreachable from node " + node
                    + " on ring " + ring + " (a hint, not a proof of failure)"));
        }
        if (actOnHints) {
            processor.suspect(node);
        }
        drain();
    }

    /** The fast profile: pass ICMP hints to the processor (off by default, as corosync). */
    public void actOnUnreachableHints(boolean act) {
        actOnHints = act;
    }

    public SubmitResult submit(byte[] payload) {
        SubmitResult result = processor.submit(payload);
        drain();
        return result;
    }

    public void leave() {
        processor.leave();
        drain();
    }

    /** corosync-cfgtool -r. */
    public void resetRings() {
        rrp.resetAll();
        drain();
    }

    private void drain() {
        TotemOutput out = processor.takeOutput();
        out.ringSeqToPersist().ifPresent(sink::persistRingSeq);
        for (Send send : out.sends()) {
            byte[] packet = WireCodec.encode(send.message(), targetOf(send.destination()));
            for (Send routed : rrp.route(send)) {
                transmit(routed.ring(), routed.destination(), packet);
            }
        }
        for (TotemEvent event : out.events()) {
            if (event instanceof TotemEvent.ConfigurationChange change && change.type() == ConfigurationType.REGULAR) {
                rrp.membersChanged(change.members());
                hinted.clear();
            }
            sink.event(event);
        }
        RrpCore.RrpOutput rrpOut = rrp.takeOutput();
        for (RrpCore.RingTestSend send : rrpOut.sends()) {
            RingTest test = send.message();
            transmit(send.ring(), send.destination(), WireCodec.encode(test, targetOf(send.destination())));
        }
        rrpOut.logs().forEach(sink::event);
    }

    private void transmit(int ring, Destination destination, byte[] packet) {
        count("tx_frames");
        sink.transmit(ring, destination, sealer.seal(ring, packet));
    }

    private static int targetOf(Destination destination) {
        return destination instanceof Destination.ToNode to ? to.target().value() : 0;
    }

    private void count(String name) {
        counters.merge(name, 1L, Long::sum);
    }

    public TotemProcessor processor() {
        return processor;
    }

    public RrpCore rrp() {
        return rrp;
    }

    /** The processor's counters, then the engine's, then the sealer's rejections. */
    public Map<String, Long> counters() {
        Map<String, Long> all = new LinkedHashMap<>(processor.counters());
        all.putAll(counters);
        all.putAll(sealer.rejectedCounters());
        return all;
    }
}
