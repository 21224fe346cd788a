package org.corral.totem.core;

/**
 * A node's identity on the ring: cman's nodeid (1..{@link #VALUE_MAX}).
 * Ordering is by value; the lowest node id of a membership is its representative.
 */
public record NodeId(int value) implements Comparable<NodeId> {
    public static final int VALUE_MAX = 4096;

    public NodeId {
        if (value < 1 || value > VALUE_MAX) {
            throw new IllegalArgumentException("node id " + value + " outside 1.." + VALUE_MAX);
        }
    }

    public static NodeId of(int value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
