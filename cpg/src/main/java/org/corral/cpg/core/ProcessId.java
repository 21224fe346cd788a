package org.corral.cpg.core;

import org.corral.totem.core.NodeId;

/** A CPG member: a process identified by its node and pid, as corosync's {@code cpg_address}. */
public record ProcessId(NodeId node, int pid) implements Comparable<ProcessId> {
    public ProcessId {
        Check.argument(node != null, "process id needs a node");
        if (!(pid > 0)) {
            Check.argument(false, "pid " + pid + " is not positive");
        }
    }

    public static ProcessId of(int node, int pid) {
        return new ProcessId(NodeId.of(node), pid);
    }

    @Override
    public int compareTo(ProcessId other) {
        int byNode = node.compareTo(other.node);
        return byNode != 0 ? byNode : Integer.compare(pid, other.pid);
    }

    @Override
    public String toString() {
        return node + ":" + pid;
    }
}
