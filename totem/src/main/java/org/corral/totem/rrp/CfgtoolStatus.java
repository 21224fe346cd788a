package org.corral.totem.rrp;

import java.util.List;

/**
 * {@code corosync-cfgtool -s} output for the RRP rings, in corosync 2.x's layout
 * (reference/corosync.md A3): the daemon's command prints this from {@link RrpCore#statusLines()};
 * {@code -r} is {@link RrpCore#resetAll()}.
 */
public final class CfgtoolStatus {
    private CfgtoolStatus() {}

    /** The text of {@code corosync-cfgtool -s}, ending with a newline. */
    public static String status(int localNodeId, List<String> interfaceNames, List<String> statusLines) {
        if (interfaceNames.size() != statusLines.size() || interfaceNames.isEmpty()) {
            throw new IllegalArgumentException("one status line per ring is required");
        }
        StringBuilder out = new StringBuilder("Printing ring status.\n");
        out.append("Local node ID ").append(localNodeId).append('\n');
        for (int ring = 0; ring < interfaceNames.size(); ring++) {
            out.append("RING ID ").append(ring).append('\n');
            out.append("\tid\t= ").append(interfaceNames.get(ring)).append('\n');
            out.append("\tstatus\t= ").append(statusLines.get(ring)).append('\n');
        }
        return out.toString();
    }
}
