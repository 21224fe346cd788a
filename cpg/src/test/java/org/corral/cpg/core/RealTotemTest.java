package org.corral.cpg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.Test;

/**
 * CPG engines on the real totem processor (through its public contract only) over a perfect
 * simulated network in virtual time: the ring forms, processes on three nodes join and multicast
 * and agree on the order, a crashed node's processes leave with NODEDOWN, and the restarted node
 * catches up with the groups and its new process joins cleanly.
 */
class RealTotemTest {
    private static final long TOKEN_MS = 1000;

    private record Packet(NodeId from, NodeId to, TotemMessage message) {}

    private final TreeMap<NodeId, TotemProcessor> totems = new TreeMap<>();
    private final TreeMap<NodeId, CpgEngine> engines = new TreeMap<>();
    private final TreeMap<NodeId, Long> persisted = new TreeMap<>();
    private final TreeSet<NodeId> stopped = new TreeSet<>();
    private final TreeMap<Long, ArrayDeque<Packet>> inFlight = new TreeMap<>();
    /** Callbacks by client id (client id = node * 100 + n). */
    private final TreeMap<Long, List<CpgEffect>> callbacks = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private long now;

    private void start(NodeId id) {
        TotemConfig config = TotemConfig.derived(id, TOKEN_MS, 4, 50, TOKEN_MS * 6 / 5);
        TotemProcessor totem = new TotemProcessor(config, persisted.getOrDefault(id, 0L), new SplittableRandom(id.value()));
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
        stopped.remove(id);
        totem.start(now);
        drain(id);
    }

    private void crash(NodeId id) {
        stopped.add(id);
        totems.remove(id);
        engines.remove(id);
    }

    private void drain(NodeId id) {
        for (int round = 0; round < 100; round++) {
            TotemOutput output = totems.get(id).takeOutput();
            if (output.isEmpty()) {
                return;
            }
            output.ringSeqToPersist().ifPresent(seq -> persisted.put(id, seq));
            for (Send send : output.sends()) {
                for (NodeId target : totems.keySet()) {
                    boolean addressed = send.destination() instanceof Destination.ToNode to ? to.target().equals(target) : !target.equals(id);
                    if (addressed) {
                        inFlight.computeIfAbsent(now + 1, t -> new ArrayDeque<>()).add(new Packet(id, target, send.message()));
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

    private void collect(NodeId id) {
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

    private void step() {
        now++;
        ArrayDeque<Packet> arriving = inFlight.remove(now);
        if (arriving != null) {
            for (Packet packet : arriving) {
                if (!stopped.contains(packet.to()) && totems.containsKey(packet.to())) {
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

    private void runUntil(BooleanSupplier condition, long boundMs, String what) {
        long until = now + boundMs;
        while (!condition.getAsBoolean()) {
            if (now >= until) {
                throw new AssertionError("not reached in " + boundMs + " virtual ms: " + what);
            }
            step();
        }
    }

    private boolean allActiveWith(int... ids) {
        List<NodeId> members = new ArrayList<>();
        for (int id : ids) {
            members.add(NodeId.of(id));
        }
        for (NodeId id : members) {
            CpgEngine engine = engines.get(id);
            if (engine == null || engine.state() != CpgState.ACTIVE || !totems.get(id).members().equals(members)
                    || !totems.get(id).ringId().equals(totems.get(members.get(0)).ringId())) {
                return false;
            }
        }
        return true;
    }

    private List<CpgEffect.ConfChg> confchgs(long client) {
        List<CpgEffect.ConfChg> found = new ArrayList<>();
        callbacks.getOrDefault(client, List.of()).forEach(e -> {
            if (e instanceof CpgEffect.ConfChg c) {
                found.add(c);
            }
        });
        return found;
    }

    private List<String> messages(long client) {
        List<String> found = new ArrayList<>();
        callbacks.getOrDefault(client, List.of()).forEach(e -> {
            if (e instanceof CpgEffect.Deliver d) {
                found.add(d.sender() + "/" + new String(d.payload()));
            }
        });
        return found;
    }

    private List<ProcessId> lastMembers(long client) {
        List<CpgEffect.ConfChg> all = confchgs(client);
        return all.isEmpty() ? List.of() : all.get(all.size() - 1).members();
    }

    @Test
    void cpgOverTheRealTotemProcessor() {
        for (int id = 1; id <= 3; id++) {
            start(NodeId.of(id));
        }
        runUntil(() -> allActiveWith(1, 2, 3), 60_000, "a ring of three with CPG active");
        GroupName group = GroupName.of("dlm:controld");
        long[] clients = {101, 201, 301};
        for (long client : clients) {
            NodeId node = NodeId.of((int) (client / 100));
            assertEquals(CsError.OK, engines.get(node).connect(client, (int) client, true));
            assertEquals(CsError.OK, engines.get(node).join(client, group));
        }
        List<ProcessId> all = List.of(ProcessId.of(1, 101), ProcessId.of(2, 201), ProcessId.of(3, 301));
        runUntil(() -> lastMembers(101).equals(all) && lastMembers(201).equals(all) && lastMembers(301).equals(all),
                10_000, "three members in every view");

        int[] sent = new int[3];
        runUntil(() -> {
            for (int i = 0; i < 3; i++) {
                NodeId node = NodeId.of(i + 1);
                while (sent[i] < 50 && engines.get(node).mcast(clients[i], ("m" + sent[i]).getBytes()) == CsError.OK) {
                    sent[i]++;
                }
                drain(node);
            }
            return messages(101).size() == 150 && messages(201).size() == 150 && messages(301).size() == 150;
        }, 60_000, "150 messages everywhere");
        assertEquals(messages(101), messages(201));
        assertEquals(messages(101), messages(301));

        crash(NodeId.of(3));
        runUntil(() -> allActiveWith(1, 2), 60_000, "a ring of two after the crash");
        for (long client : new long[] {101, 201}) {
            CpgEffect.ConfChg last = confchgs(client).get(confchgs(client).size() - 1);
            assertEquals(List.of(new CpgAddress(ProcessId.of(3, 301), Reason.NODEDOWN)), last.left());
            assertEquals(List.of(ProcessId.of(1, 101), ProcessId.of(2, 201)), last.members());
        }

        start(NodeId.of(3));
        runUntil(() -> allActiveWith(1, 2, 3), 60_000, "node 3 back in the ring");
        assertEquals(engines.get(NodeId.of(1)).groups(), engines.get(NodeId.of(3)).groups());
        assertEquals(CsError.OK, engines.get(NodeId.of(3)).connect(302, 302, false));
        assertEquals(CsError.OK, engines.get(NodeId.of(3)).join(302, group));
        List<ProcessId> again = List.of(ProcessId.of(1, 101), ProcessId.of(2, 201), ProcessId.of(3, 302));
        runUntil(() -> lastMembers(101).equals(again) && lastMembers(302).equals(again), 10_000, "the new process joined");
        assertEquals(List.of(new CpgAddress(ProcessId.of(3, 302), Reason.JOIN)),
                confchgs(201).get(confchgs(201).size() - 1).joined());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }
}
