package org.corral.cpg.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;

/**
 * A perfect totem for tests: each ring is a sequencer that delivers one submitted message at a time
 * to all its members at once (agreed order, per-sender FIFO), with bounded submit queues that answer
 * TRY_AGAIN, and configuration changes as totem makes them: TRANSITIONAL (the nodes that pass
 * together from one old ring), optionally a crashed node's last messages delivered to that
 * transitional group only, then REGULAR. Undelivered messages stay with their sender into its next
 * ring. Every delivery or transitional group is one numbered step, the same on every node it reaches.
 */
public final class FakeTotem {
    public static final int PAYLOAD_BYTES_MAX = 1 << 20;

    public interface Sink {
        void deliver(NodeId node, TotemEvent event, long step);
    }

    private static final class Ring {
        final RingId id;
        final List<NodeId> members;

        Ring(RingId id, List<NodeId> members) {
            this.id = id;
            this.members = List.copyOf(members);
        }
    }

    private static final class Node {
        boolean up;
        Ring ring;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    }

    private final Sink sink;
    private final int queueMax;
    private final TreeMap<NodeId, Node> nodes = new TreeMap<>();
    private long ringSeq;
    private long step;
    /** When set, old rings end with some of their members' queued messages in transitional configurations. */
    private Random transitionalRandom;

    public FakeTotem(Sink sink, int queueMax) {
        this.sink = sink;
        this.queueMax = queueMax;
    }

    public void transitionalDeliveries(Random random) {
        this.transitionalRandom = random;
    }

    public long step() {
        return step;
    }

    public TotemPort port(NodeId id) {
        return new TotemPort() {
            @Override
            public SubmitResult submit(byte[] payload) {
                Node node = nodes.get(id);
                Check.that(node != null && node.up, "submit from a node that is down: " + id);
                if (payload.length > PAYLOAD_BYTES_MAX) {
                    return SubmitResult.TOO_LARGE;
                }
                if (node.queue.size() >= queueMax) {
                    return SubmitResult.TRY_AGAIN;
                }
                node.queue.addLast(payload);
                return SubmitResult.ACCEPTED;
            }

            @Override
            public int payloadBytesMax() {
                return PAYLOAD_BYTES_MAX;
            }
        };
    }

    public boolean isUp(NodeId id) {
        Node node = nodes.get(id);
        return node != null && node.up;
    }

    public List<NodeId> upNodes() {
        List<NodeId> up = new ArrayList<>();
        nodes.forEach((id, node) -> {
            if (node.up) {
                up.add(id);
            }
        });
        return up;
    }

    /** The up nodes grouped by their current ring, in node order. */
    public List<List<NodeId>> partitions() {
        Map<Ring, List<NodeId>> byRing = new LinkedHashMap<>();
        nodes.forEach((id, node) -> {
            if (node.up) {
                byRing.computeIfAbsent(node.ring, r -> new ArrayList<>()).add(id);
            }
        });
        return new ArrayList<>(byRing.values());
    }

    public RingId ringOf(NodeId id) {
        Node node = nodes.get(id);
        return node.ring == null ? null : node.ring.id;
    }

    /** A node (re)starts: empty queue, then a ring of its own. Its engine must be attached first. */
    public void start(NodeId id) {
        Node node = new Node();
        node.up = true;
        nodes.put(id, node);
        List<List<NodeId>> partitions = partitions();
        reconfigure(partitions, List.of(), null);
    }

    /** A node fails; its first {@code inFlight} queued messages reach one transitional group. */
    public void crash(NodeId id, int inFlight) {
        Node node = nodes.get(id);
        Check.that(node != null && node.up, "crash of a node that is down");
        node.up = false;
        List<byte[]> last = new ArrayList<>();
        while (last.size() < inFlight && !node.queue.isEmpty()) {
            last.add(node.queue.pollFirst());
        }
        node.queue.clear();
        List<Map.Entry<NodeId, byte[]>> messages = new ArrayList<>();
        last.forEach(payload -> messages.add(Map.entry(id, payload)));
        reconfigure(partitions(), messages, node.ring);
    }

    /**
     * Forms the given partitions of the up nodes; partitions already formed are left alone.
     * Each old ring that changes ends with a recovered sequence: the crashed node's last messages
     * ({@code inFlight}, when {@code fromRing} is that ring) and, with a {@link #transitionalRandom},
     * a few messages from the heads of its members' queues. Each transitional group delivers a
     * prefix of that sequence in its transitional configuration, always long enough to hold its
     * own members' messages (a sender always delivers what it sent), and the first group from the
     * crashed node's ring gets the crashed node's messages.
     */
    void reconfigure(List<List<NodeId>> partitions, List<Map.Entry<NodeId, byte[]>> inFlight, Ring fromRing) {
        List<List<NodeId>> changed = new ArrayList<>();
        for (List<NodeId> partition : partitions) {
            List<NodeId> members = new ArrayList<>(new TreeSet<>(partition));
            Ring old = nodes.get(members.get(0)).ring;
            boolean unchanged = old != null && old.members.equals(members);
            for (NodeId member : members) {
                unchanged &= nodes.get(member).ring == old;
            }
            if (!unchanged) {
                changed.add(members);
            }
        }
        Map<Ring, List<Recovered>> recovered = new LinkedHashMap<>();
        for (List<NodeId> members : changed) {
            for (NodeId member : members) {
                Ring from = nodes.get(member).ring;
                if (from != null && !recovered.containsKey(from)) {
                    recovered.put(from, recoveredSequence(from, from == fromRing ? inFlight : List.of()));
                }
            }
        }
        if (fromRing != null && !recovered.containsKey(fromRing)) {
            recovered.put(fromRing, recoveredSequence(fromRing, inFlight));
        }
        Map<Ring, Boolean> firstGroupDone = new LinkedHashMap<>();
        for (List<NodeId> members : changed) {
            formRing(members, recovered, firstGroupDone, fromRing == null ? 0 : inFlight.size(), fromRing);
        }
    }

    /** A message of an ending ring's recovered sequence; its step is its one place in that ring's order. */
    private record Recovered(NodeId origin, byte[] payload, long step) {}

    private List<Recovered> recoveredSequence(Ring ring, List<Map.Entry<NodeId, byte[]>> inFlight) {
        List<Recovered> sequence = new ArrayList<>();
        inFlight.forEach(message -> sequence.add(new Recovered(message.getKey(), message.getValue(), ++step)));
        if (transitionalRandom == null) {
            return sequence;
        }
        int extra = transitionalRandom.nextInt(4);
        for (int i = 0; i < extra; i++) {
            NodeId sender = ring.members.get(transitionalRandom.nextInt(ring.members.size()));
            Node node = nodes.get(sender);
            if (node != null && node.up && node.ring == ring && !node.queue.isEmpty()) {
                sequence.add(new Recovered(sender, node.queue.pollFirst(), ++step));
            }
        }
        return sequence;
    }

    private void formRing(List<NodeId> members, Map<Ring, List<Recovered>> recovered,
                          Map<Ring, Boolean> firstGroupDone, int crashedInFlight, Ring crashedRing) {
        ringSeq += 4;
        Ring next = new Ring(new RingId(members.get(0), ringSeq), members);
        Map<Ring, List<NodeId>> groups = new LinkedHashMap<>();
        for (NodeId member : members) {
            Ring from = nodes.get(member).ring;
            // A node coming from no ring (just started) passes alone.
            Ring key = from != null ? from : new Ring(new RingId(member, 0), List.of(member));
            groups.computeIfAbsent(key, r -> new ArrayList<>()).add(member);
        }
        for (Map.Entry<Ring, List<NodeId>> group : groups.entrySet()) {
            List<NodeId> passed = group.getValue();
            Ring from = group.getKey();
            step++;
            for (NodeId member : passed) {
                List<NodeId> left = new ArrayList<>(from.members);
                left.removeAll(passed);
                sink.deliver(member, new TotemEvent.ConfigurationChange(ConfigurationType.TRANSITIONAL,
                        from.id, passed, left, List.of()), step);
            }
            List<Recovered> sequence = recovered.getOrDefault(from, List.of());
            int required = 0;
            for (int i = 0; i < sequence.size(); i++) {
                if (passed.contains(sequence.get(i).origin())) {
                    required = i + 1;
                }
            }
            if (from == crashedRing && firstGroupDone.putIfAbsent(from, true) == null) {
                required = Math.max(required, crashedInFlight);
            }
            int prefix = transitionalRandom == null || required == sequence.size()
                    ? required : required + transitionalRandom.nextInt(sequence.size() - required + 1);
            for (Recovered message : sequence.subList(0, prefix)) {
                for (NodeId member : passed) {
                    sink.deliver(member, new TotemEvent.Delivered(message.origin(), from.id, message.payload()), message.step());
                }
            }
        }
        step++;
        for (NodeId member : members) {
            nodes.get(member).ring = next;
        }
        for (NodeId member : members) {
            List<NodeId> joined = new ArrayList<>(members);
            for (List<NodeId> group : groups.values()) {
                if (group.contains(member)) {
                    joined.removeAll(group);
                }
            }
            sink.deliver(member, new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR,
                    next.id, members, List.of(), joined), step);
        }
    }

    /** Forms the given partitions of the up nodes. */
    public void partition(List<List<NodeId>> partitions) {
        reconfigure(partitions, List.of(), null);
    }

    public boolean hasPending() {
        for (Node node : nodes.values()) {
            if (node.up && !node.queue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Delivers the head of one sender's queue to its whole ring; false when nothing waits. */
    public boolean deliverOne(Random random) {
        List<NodeId> senders = new ArrayList<>();
        nodes.forEach((id, node) -> {
            if (node.up && !node.queue.isEmpty()) {
                senders.add(id);
            }
        });
        if (senders.isEmpty()) {
            return false;
        }
        NodeId origin = senders.get(random.nextInt(senders.size()));
        Node sender = nodes.get(origin);
        byte[] payload = sender.queue.pollFirst();
        Ring ring = sender.ring;
        step++;
        for (NodeId member : ring.members) {
            sink.deliver(member, new TotemEvent.Delivered(origin, ring.id, payload), step);
        }
        return true;
    }
}
