package org.corral.totem.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.SplittableRandom;

/**
 * A tiny in-test harness: a few processors on a perfect network with 1 ms latency, virtual time
 * in 1 ms steps, optional packet drops and stopped nodes. The big randomized simulation lives in
 * the property-tests module; this one only has to be obvious.
 */
final class Cluster {
    record Packet(NodeId from, NodeId to, TotemMessage message) {}

    final TreeMap<NodeId, TotemProcessor> nodes = new TreeMap<>();
    final TreeMap<NodeId, List<TotemEvent>> events = new TreeMap<>();
    /** Event histories of crashed incarnations, for checks over whole runs. */
    final List<List<TotemEvent>> pastIncarnations = new ArrayList<>();
    final TreeMap<NodeId, Long> persisted = new TreeMap<>();
    final TreeSet<NodeId> stopped = new TreeSet<>();
    /** Frozen nodes (SIGSTOP): no ticks; packets to them wait until they thaw. */
    final TreeSet<NodeId> frozen = new TreeSet<>();
    /** Packets by arrival time, in send order within one millisecond. */
    private final TreeMap<Long, ArrayDeque<Packet>> inFlight = new TreeMap<>();
    /** Packets this returns true for are lost. */
    Predicate<Packet> drop = packet -> false;
    /** Packets this returns true for arrive twice. */
    Predicate<Packet> duplicate = packet -> false;
    /** Latency of each packet in ms (at least 1); different latencies reorder. */
    java.util.function.ToLongFunction<Packet> latency = packet -> 1;
    long sentPackets;
    long now;
    private final long tokenMs;
    /** Adjusts the config of nodes added from now on. */
    java.util.function.UnaryOperator<TotemConfig> tune = config -> config;
    /** Safe delivery for nodes added from now on. */
    boolean safeDelivery;

    Cluster(int size, long tokenMs) {
        this(size, tokenMs, false);
    }

    Cluster(int size, long tokenMs, boolean safeDelivery) {
        this.tokenMs = tokenMs;
        this.safeDelivery = safeDelivery;
        for (int id = 1; id <= size; id++) {
            add(NodeId.of(id), 0);
        }
    }

    static TotemConfig config(NodeId self, long tokenMs) {
        return TotemConfig.derived(self, tokenMs, 4, 50, tokenMs * 6 / 5);
    }

    void add(NodeId id, long persistedSeq) {
        RandomGenerator random = new SplittableRandom(id.value() * 7919L);
        nodes.put(id, new TotemProcessor(tune.apply(config(id, tokenMs).withSafeDelivery(safeDelivery)), persistedSeq, random));
        events.computeIfAbsent(id, key -> new ArrayList<>());
    }

    /** The node loses everything but what it persisted; its history so far is archived. */
    void crash(NodeId id) {
        stopped.add(id);
        pastIncarnations.add(events.remove(id));
        events.put(id, new ArrayList<>());
    }

    /** A crashed node starts again with its persisted ring seq. */
    void restart(NodeId id) {
        stopped.remove(id);
        add(id, persisted.getOrDefault(id, 0L));
        nodes.get(id).start(now);
        drain(id);
    }

    void startAll() {
        for (NodeId id : nodes.keySet()) {
            nodes.get(id).start(now);
            drain(id);
        }
    }

    TotemProcessor node(int id) {
        return nodes.get(NodeId.of(id));
    }

    void drain(NodeId id) {
        TotemOutput output = nodes.get(id).takeOutput();
        output.ringSeqToPersist().ifPresent(seq -> persisted.put(id, seq));
        for (Send send : output.sends()) {
            long needed = ringSeqOf(send.message());
            if (needed > persisted.getOrDefault(id, -1L)) {
                throw new AssertionError("node " + id + " sends on ring seq " + needed + " before persisting it: " + send);
            }
            if (send.destination() instanceof Destination.ToNode target) {
                queue(new Packet(id, target.target(), send.message()));
            } else {
                for (NodeId other : nodes.keySet()) {
                    if (!other.equals(id)) {
                        queue(new Packet(id, other, send.message()));
                    }
                }
            }
        }
        events.get(id).addAll(output.events());
    }

    /** The ring sequence a packet depends on (a node's own new rings only). */
    private static long ringSeqOf(TotemMessage message) {
        if (message instanceof CommitToken token) {
            return token.ringId().seq();
        }
        if (message instanceof OrfToken token) {
            return token.ringId().seq();
        }
        return -1;
    }

    private void queue(Packet packet) {
        sentPackets++;
        if (Boolean.getBoolean("totem.trace") && sentPackets % 200_000 == 0) {
            System.out.println("t=" + now + " packets=" + sentPackets + " " + packet + " states " + states());
        }
        if (drop.test(packet)) {
            return;
        }
        int copies = duplicate.test(packet) ? 2 : 1;
        for (int copy = 0; copy < copies; copy++) {
            long arrival = now + Math.max(1, latency.applyAsLong(packet));
            inFlight.computeIfAbsent(arrival, key -> new ArrayDeque<>()).add(packet);
        }
    }

    /** One millisecond: deliver what was sent during the last one, then tick everybody. */
    void step() {
        now++;
        ArrayDeque<Packet> arriving = inFlight.remove(now);
        for (Packet packet : arriving == null ? new ArrayDeque<Packet>() : arriving) {
            if (stopped.contains(packet.to()) || stopped.contains(packet.from()) || !nodes.containsKey(packet.to())) {
                continue;
            }
            if (frozen.contains(packet.to())) {
                inFlight.computeIfAbsent(now + 1, key -> new ArrayDeque<>()).add(packet);
                continue;
            }
            nodes.get(packet.to()).receive(0, packet.from(), packet.message());
            drain(packet.to());
        }
        for (NodeId id : nodes.keySet()) {
            if (!stopped.contains(id) && !frozen.contains(id)) {
                nodes.get(id).tick(now);
                drain(id);
            }
        }
    }

    void run(long ms) {
        for (long i = 0; i < ms; i++) {
            step();
        }
    }

    /** Steps until the condition holds; fails the test after a generous bound of virtual time. */
    void runUntil(BooleanSupplier condition, long boundMs, String what) {
        long until = now + boundMs;
        while (!condition.getAsBoolean()) {
            if (now >= until) {
                throw new AssertionError("not reached within " + boundMs + " virtual ms: " + what + "; states " + states());
            }
            step();
        }
    }

    Map<NodeId, String> states() {
        TreeMap<NodeId, String> states = new TreeMap<>();
        nodes.forEach((id, node) -> states.put(id, node.state() + " " + node.ringId() + " " + node.members()));
        return states;
    }

    boolean allOperationalWith(List<NodeId> members) {
        for (NodeId id : members) {
            TotemProcessor node = nodes.get(id);
            if (node.state() != TotemState.OPERATIONAL || !node.members().equals(members)) {
                return false;
            }
        }
        RingId ring = nodes.get(members.get(0)).ringId();
        return members.stream().allMatch(id -> nodes.get(id).ringId().equals(ring));
    }

    List<String> delivered(int id) {
        List<String> texts = new ArrayList<>();
        for (TotemEvent event : events.get(NodeId.of(id))) {
            if (event instanceof TotemEvent.Delivered delivered) {
                texts.add(new String(delivered.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    List<TotemEvent.ConfigurationChange> configurations(int id) {
        List<TotemEvent.ConfigurationChange> changes = new ArrayList<>();
        for (TotemEvent event : events.get(NodeId.of(id))) {
            if (event instanceof TotemEvent.ConfigurationChange change) {
                changes.add(change);
            }
        }
        return changes;
    }

    List<String> logs(int id) {
        List<String> lines = new ArrayList<>();
        for (TotemEvent event : events.get(NodeId.of(id))) {
            if (event instanceof TotemEvent.Log log) {
                lines.add(log.text());
            }
        }
        return lines;
    }

    SubmitResult submit(int id, String text) {
        SubmitResult result = node(id).submit(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        drain(NodeId.of(id));
        return result;
    }

    static List<NodeId> ids(int... values) {
        List<NodeId> ids = new ArrayList<>();
        for (int value : values) {
            ids.add(NodeId.of(value));
        }
        return ids;
    }
}
