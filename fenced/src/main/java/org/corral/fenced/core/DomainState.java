package org.corral.fenced.core;

import java.util.List;

import org.corral.fenced.core.FenceEvent.FenceHow;

/**
 * A snapshot of the fence domain for {@code fence_tool ls [-n]} and {@code fence_tool history}.
 *
 * @param victimNow the node id being fenced right now, 0 when none (fence_tool's "victim now")
 * @param waitState none, quorum, messages or fencing, as fence_tool ls prints it
 */
public record DomainState(boolean joined, List<Integer> members, int victimCount, int victimNow, int masterNodeId,
                          String waitState, List<Integer> victims, List<NodeRecord> nodes, List<Attempt> history) {
    public DomainState {
        members = List.copyOf(members);
        victims = List.copyOf(victims);
        nodes = List.copyOf(nodes);
        history = List.copyOf(history);
    }

    /** fence_tool ls -n's per-node line. */
    public record NodeRecord(int nodeId, boolean member, boolean victim, int lastFenceMaster, FenceHow how,
                             long lastFenceMs) {
    }

    /** One agent run for fence_tool history: when, whom, which method/device, outcome and duration. */
    public record Attempt(long startMs, String victim, int methodNum, int deviceNum, String deviceName, String agent,
                          String outcome, long durationMs) {
    }

    /** The text fence_tool ls prints (fence/fence_tool/main.c layout). */
    public String lsText(boolean withNodes) {
        StringBuilder out = new StringBuilder();
        out.append("fence domain\n");
        out.append("member count  ").append(members.size()).append('\n');
        out.append("victim count  ").append(victimCount).append('\n');
        out.append("victim now    ").append(victimNow).append('\n');
        out.append("master nodeid ").append(masterNodeId).append('\n');
        out.append("wait state    ").append(waitState).append('\n');
        out.append("members       ");
        for (int member : members) {
            out.append(member).append(' ');
        }
        out.append('\n');
        if (withNodes) {
            out.append("all nodes\n");
            for (NodeRecord n : nodes) {
                out.append("nodeid ").append(n.nodeId()).append(" member ").append(n.member() ? 1 : 0)
                        .append(" victim ").append(n.victim() ? 1 : 0).append(" last fence master ")
                        .append(n.lastFenceMaster()).append(" how ").append(n.how().text()).append('\n');
            }
        }
        out.append('\n');
        return out.toString();
    }
}
