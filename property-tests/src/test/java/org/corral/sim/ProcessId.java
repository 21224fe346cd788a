package org.corral.sim;

/** One incarnation of a node: a restart after a crash is a new process with empty memory. */
public record ProcessId(int node, int incarnation) implements Comparable<ProcessId> {
    @Override
    public int compareTo(ProcessId other) {
        int byNode = Integer.compare(node, other.node);
        return byNode != 0 ? byNode : Integer.compare(incarnation, other.incarnation);
    }

    @Override
    public String toString() {
        return "n" + node + (incarnation > 1 ? "." + incarnation : "");
    }
}
