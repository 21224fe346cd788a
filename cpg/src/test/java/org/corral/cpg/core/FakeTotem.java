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

    public FakeTotem(Sink sink, int queueMax) {
        this.sink = sink;
        this.queueMax = queueMax;
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
     * {@code inFlight} messages of {@code fromRing} are delivered in the transitional
     * configuration of the first transitional group that comes from that ring.
     */
    void reconfigure(List<List<NodeId>> partitions, List<Map.Entry<NodeId, byte[]>> inFlight, Ring fromRing) {
        boolean inFlightDone = inFlight.isEmpty();
        for (List<NodeId> partition : partitions) {
            List<NodeId> members = new ArrayList<>(new TreeSet<>(partition));
            Ring old = nodes.get(members.get(0)).ring;
            boolean unchanged = old != null && old.members.equals(members);
            for (NodeId member : members) {
                unchanged &= nodes.get(member).ring == old;
            }
            if (unchanged) {
                continue;
            }
            ringSeq += 4;
            Ring next = new Ring(new RingId(members.get(0), ringSeq), members);
            Map<Ring, List<NodeId>> groups = new LinkedHashMap<>();
            Map<NodeId, Ring> previous = new TreeMap<>();
            for (NodeId member : members) {
                Ring from = nodes.get(member).ring;
                previous.put(member, from);
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
                if (!inFlightDone && from == fromRing) {
                    inFlightDone = true;
                    for (Map.Entry<NodeId, byte[]> message : inFlight) {
                        step++;
                        for (NodeId member : passed) {
                            sink.deliver(member, new TotemEvent.Delivered(message.getKey(), from.id, message.getValue()), step);
                        }
                    }
                }
            }
            step++;
            for (NodeId member : members) {
                nodes.get(member).ring = next;
            }
            for (NodeId member : members) {
                List<NodeId> joined = new ArrayList<>(members);
                for (Map.Entry<Ring, List<NodeId>> group : groups.entrySet()) {
                    if (group.getValue().contains(member)) {
                        joined.removeAll(group.getValue());
                    }
                }
                sink.deliver(member, new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR,
                        next.id, members, List.of(), joined), step);
            }
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
