package org.corral.cpg.core;

import org.corral.totem.core.NodeId;

/** An entry of a confchg's left or joined list: the process and why (corosync's {@code cpg_address}). */
public record CpgAddress(ProcessId process, Reason reason) implements Comparable<CpgAddress> {
    public CpgAddress {
        Check.argument(process != null && reason != null, "cpg address needs a process and a reason");
    }

    public NodeId node() {
        return process.node();
    }

    public int pid() {
        return process.pid();
    }

    @Override
    public int compareTo(CpgAddress other) {
        int byProcess = process.compareTo(other.process);
        return byProcess != 0 ? byProcess : reason.compareTo(other.reason);
    }

    @Override
    public String toString() {
        return process + "(" + reason + ")";
    }
}
