package org.corral.sim;

import java.util.PriorityQueue;
import org.corral.totem.core.NodeId;

/** The simulator's only schedule: events ordered by (virtual time, sequence of insertion). */
final class EventQueue {
    static final int EVENTS_MAX = 1_000_000;

    sealed interface Event {}

    /** A node's periodic timer; stale once the node restarts (other incarnation). */
    record Tick(NodeId node, int incarnation) implements Event {}

    /** A packet copy reaching a node. */
    record Arrival(int ring, NodeId from, NodeId to, Object message, int sizeBytes) implements Event {}

    /** A scenario action (fault, heal, submit...) at its time. */
    record Control(String label, Runnable action) implements Event {}

    record Scheduled(long timeMs, long sequence, Event event) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(timeMs, other.timeMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long sequence;

    void add(long timeMs, Event event) {
        if (queue.size() >= EVENTS_MAX) {
            throw new IllegalStateException("event queue holds " + EVENTS_MAX + " events: the scenario runs away");
        }
        queue.add(new Scheduled(timeMs, sequence++, event));
    }

    Scheduled peek() {
        return queue.peek();
    }

    Scheduled poll() {
        return queue.poll();
    }

    int size() {
        return queue.size();
    }
}
