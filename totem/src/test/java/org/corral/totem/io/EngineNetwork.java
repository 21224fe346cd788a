package org.corral.totem.io;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import org.corral.totem.core.Destination;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemProcessor;
import org.corral.totem.crypto.PacketSealer;
import org.corral.totem.crypto.TotemKey;
import org.corral.totem.rrp.RrpConfig;
import org.corral.totem.rrp.RrpCore;
import org.corral.totem.rrp.RrpMode;

/**
 * Several {@link NodeEngine}s on an in-memory network in virtual time (1 ms per step, 1 ms
 * latency): the shell's whole receive path (sealer, codec, RRP, processor) without sockets.
 * {@code cut[ring]} drops every frame on that ring.
 */
final class EngineNetwork {
    record Frame(int ring, NodeId from, Destination destination, byte[] bytes) {}

    final TreeMap<NodeId, NodeEngine> engines = new TreeMap<>();
    final TreeMap<NodeId, List<TotemEvent>> events = new TreeMap<>();
    final TreeMap<NodeId, List<Frame>> sent = new TreeMap<>();
    final boolean[] cut = new boolean[2];
    private final ArrayDeque<Frame> inFlight = new ArrayDeque<>();
    long now;

    EngineNetwork(int size, RrpMode mode, String clusterName) {
        int rings = mode == RrpMode.NONE ? 1 : 2;
        for (int i = 1; i <= size; i++) {
            NodeId id = NodeId.of(i);
            add(id, mode, rings, clusterName == null ? PacketSealer.plain(id, rings)
                    : PacketSealer.secauth(id, TotemKey.fromClusterName(clusterName), rings, 1000));
        }
    }

    void add(NodeId id, RrpMode mode, int rings, PacketSealer sealer) {
        TotemConfig config = TotemConfig.derived(id, 1000, 4, 50, 1200);
        List<String> names = rings == 1 ? List.of("10.0.0." + id) : List.of("10.0.0." + id, "10.0.1." + id);
        RrpCore rrp = new RrpCore(RrpConfig.cman(mode, names, config.tokenRetransmitTimeoutMs()), id, now);
        events.put(id, new ArrayList<>());
        sent.put(id, new ArrayList<>());
        NodeEngine engine = new NodeEngine(id, new TotemProcessor(config, 0, new SplittableRandom(id.value())), rrp, sealer,
                new NodeEngine.Sink() {
                    @Override
                    public void persistRingSeq(long ringSeq) {}

                    @Override
                    public void transmit(int ring, Destination destination, byte[] frame) {
                        Frame f = new Frame(ring, id, destination, frame);
                        sent.get(id).add(f);
                        inFlight.add(f);
                    }

                    @Override
                    public void event(TotemEvent event) {
                        events.get(id).add(event);
                    }
                });
        engines.put(id, engine);
        engine.start(now);
    }

    void step() {
        now++;
        List<Frame> batch = new ArrayList<>(inFlight);
        inFlight.clear();
        for (Frame frame : batch) {
            if (cut[frame.ring()]) {
                continue;
            }
            for (var entry : engines.entrySet()) {
                boolean addressed = frame.destination() instanceof Destination.ToNode to ? to.target().equals(entry.getKey())
                        : !entry.getKey().equals(frame.from());
                if (addressed) {
                    entry.getValue().receive(frame.ring(), frame.bytes(), frame.bytes().length);
                }
            }
        }
        engines.values().forEach(engine -> engine.tick(now));
    }

    boolean runUntil(BooleanSupplier condition, long maxMs) {
        long end = now + maxMs;
        while (now < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            step();
        }
        return condition.getAsBoolean();
    }

    /** Every node in OPERATIONAL with the same installed members, of size {@code n}. */
    boolean formed(int n) {
        List<NodeId> first = null;
        for (NodeEngine engine : engines.values()) {
            TotemProcessor p = engine.processor();
            if (p.state() != org.corral.totem.core.TotemState.OPERATIONAL || p.members().size() != n) {
                return false;
            }
            if (first != null && !first.equals(p.members())) {
                return false;
            }
            first = p.members();
        }
        return true;
    }
}
