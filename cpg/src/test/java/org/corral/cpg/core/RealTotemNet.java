package org.corral.cpg.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.corral.cpg.wire.CpgCodec;
import org.corral.totem.core.Destination;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.Send;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemMessage;
import org.corral.totem.core.TotemOutput;
import org.corral.totem.core.TotemProcessor;

/**
 * Real totem processors with CPG engines on top, on a simulated network in virtual milliseconds:
 * per-packet loss and latency (which reorders), partitions (packets between groups are lost),
 * crashes and restarts with the persisted ring sequence. Uses totem's public contract only.
 */
final class RealTotemNet {
    static final long TOKEN_MS = 1000;

    private record Packet(NodeId from, NodeId to, TotemMessage message) {}

    final TreeMap<NodeId, TotemProcessor> totems = new TreeMap<>();
    final TreeMap<NodeId, CpgEngine> engines = new TreeMap<>();
    private final TreeMap<NodeId, Long> persisted = new TreeMap<>();
    private final TreeMap<Long, ArrayDeque<Packet>> inFlight = new TreeMap<>();
    /** Callbacks by client id. */
    final TreeMap<Long, List<CpgEffect>> callbacks = new TreeMap<>();
    final List<String> warnings = new ArrayList<>();
    /** Partition number by node; packets between different numbers are lost. */
    final TreeMap<NodeId, Integer> partitionOf = new TreeMap<>();
    private final Random random;
    double lossProbability;
    int latencyMaxMs = 1;
    long now;

    RealTotemNet(long seed) {
        this.random = new Random(seed);
    }

    void start(NodeId id) {
        TotemConfig config = TotemConfig.derived(id, TOKEN_MS, 4, 50, TOKEN_MS * 6 / 5);
        TotemProcessor totem = new TotemProcessor(config, persisted.getOrDefault(id, 0L), new SplittableRandom(id.value() + now));
        totems.put(id, totem);
        engines.put(id, new CpgEngine(CpgConfig.defaults(), id, new TotemPort() {
            @Override
            public SubmitResult submit(byte[] payload) {
                return totem.submit(payload);
            }

            @Override
            public int payloadBytesMax() {
                return config.payloadBytesMax();
            }
        }, CpgCodec.INSTANCE));
        totem.start(now);
        drain(id);
    }

    void crash(NodeId id) {
        totems.remove(id);
        engines.remove(id);
    }

    boolean isUp(NodeId id) {
        return totems.containsKey(id);
    }

    void drain(NodeId id) {
        for (int round = 0; round < 1000; round++) {
            TotemOutput output = totems.get(id).takeOutput();
            if (output.isEmpty()) {
                return;
            }
            output.ringSeqToPersist().ifPresent(seq -> persisted.put(id, seq));
            for (Send send : output.sends()) {
                for (NodeId target : totems.keySet()) {
                    boolean addressed = send.destination() instanceof Destination.ToNode to
                            ? to.target().equals(target) : !target.equals(id);
                    if (addressed) {
                        send(new Packet(id, target, send.message()));
                    }
                }
            }
            CpgEngine engine = engines.get(id);
            output.events().forEach(engine::onTotemEvent);
            engine.flush();
            collect(id);
        }
        throw new AssertionError("node " + id + " kept producing output");
    }

    private void send(Packet packet) {
        if (!partitionOf.getOrDefault(packet.from(), 0).equals(partitionOf.getOrDefault(packet.to(), 0))
                || random.nextDouble() < lossProbability) {
            return;
        }
        long arrival = now + 1 + random.nextInt(latencyMaxMs);
        inFlight.computeIfAbsent(arrival, t -> new ArrayDeque<>()).add(packet);
    }

    void collect(NodeId id) {
        for (CpgEffect effect : engines.get(id).takeEffects()) {
            if (effect instanceof CpgEffect.Log log) {
                if (log.level() == TotemEvent.Level.WARNING) {
                    warnings.add(id + ": " + log.text());
                }
            } else {
                long client = effect instanceof CpgEffect.Deliver d ? d.clientId()
                        : effect instanceof CpgEffect.ConfChg c ? c.clientId() : ((CpgEffect.TotemConfChg) effect).clientId();
                callbacks.computeIfAbsent(client, c -> new ArrayList<>()).add(effect);
            }
        }
    }

    void step() {
        now++;
        ArrayDeque<Packet> arriving = inFlight.remove(now);
        if (arriving != null) {
            for (Packet packet : arriving) {
                if (totems.containsKey(packet.to())) {
                    totems.get(packet.to()).receive(0, packet.from(), packet.message());
                    drain(packet.to());
                }
            }
        }
        for (NodeId id : new ArrayList<>(totems.keySet())) {
            totems.get(id).tick(now);
            drain(id);
        }
    }

    void runUntil(BooleanSupplier condition, long boundMs, String what) {
        long until = now + boundMs;
        while (!condition.getAsBoolean()) {
            if (now >= until) {
                throw new AssertionError("not reached in " + boundMs + " virtual ms: " + what + "; states " + states());
            }
            step();
        }
    }

    String states() {
        StringBuilder text = new StringBuilder();
        totems.forEach((id, totem) -> text.append(id).append('=').append(totem.state()).append(' ')
                .append(totem.ringId()).append(totem.members()).append('/').append(engines.get(id).state()).append(' '));
        return text.toString();
    }

    /** Every up node active in one ring made of all up nodes. */
    boolean allActiveTogether() {
        List<NodeId> up = new ArrayList<>(totems.keySet());
        for (NodeId id : up) {
            if (engines.get(id).state() != CpgState.ACTIVE || !totems.get(id).members().equals(up)
                    || !totems.get(id).ringId().equals(totems.get(up.get(0)).ringId())) {
                return false;
            }
        }
        return true;
    }

    List<NodeId> up() {
        return new ArrayList<>(new TreeSet<>(totems.keySet()));
    }
}
