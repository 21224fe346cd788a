package org.corral.cpg.core;

import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/**
 * The join list exchange of one ring (corosync cpg_sync_init / process / activate). Every member
 * sends its join list; the delivery of the last missing one is the same point of the agreed
 * order on every node, and there the view is rebuilt. Membership messages a node sends after its
 * join list update its table here, so the table is exact at activation.
 */
final class SyncRound {
    final RingId ring;
    final TreeSet<NodeId> members;
    private final TreeMap<NodeId, TreeMap<GroupName, TreeSet<Integer>>> tables = new TreeMap<>();
    private final TreeMap<NodeId, Integer> nextChunk = new TreeMap<>();
    private final TreeSet<NodeId> complete = new TreeSet<>();

    SyncRound(RingId ring, List<NodeId> members) {
        this.ring = ring;
        this.members = new TreeSet<>(members);
        Check.that(!this.members.isEmpty(), "a sync round needs members");
    }

    /** Adds one chunk; false when it is out of order or after the last one (a broken peer). */
    boolean addChunk(NodeId origin, CpgMessage.JoinList chunk) {
        int expected = nextChunk.getOrDefault(origin, 0);
        if (complete.contains(origin) || chunk.chunk() != expected) {
            return false;
        }
        TreeMap<GroupName, TreeSet<Integer>> table = tables.computeIfAbsent(origin, n -> new TreeMap<>());
        for (CpgMessage.Entry entry : chunk.entries()) {
            if (!table.computeIfAbsent(entry.group(), g -> new TreeSet<>()).add(entry.pid())) {
                return false;
            }
        }
        nextChunk.put(origin, expected + 1);
        if (chunk.last()) {
            complete.add(origin);
        }
        return true;
    }

    boolean isComplete(NodeId node) {
        return complete.contains(node);
    }

    boolean allComplete() {
        return complete.equals(members);
    }

    /** Applies a membership message the origin sent after its join list; false if inconsistent. */
    boolean apply(NodeId origin, CpgMessage message) {
        TreeMap<GroupName, TreeSet<Integer>> table = tables.computeIfAbsent(origin, n -> new TreeMap<>());
        if (message instanceof CpgMessage.ProcJoin join) {
            return table.computeIfAbsent(join.group(), g -> new TreeSet<>()).add(join.pid());
        }
        if (message instanceof CpgMessage.ProcLeave leave) {
            TreeSet<Integer> pids = table.get(leave.group());
            if (pids == null || !pids.remove(leave.pid())) {
                return false;
            }
            if (pids.isEmpty()) {
                table.remove(leave.group());
            }
            return true;
        }
        return true;
    }

    /** The complete table of {@code node}: group to pids. */
    TreeMap<GroupName, TreeSet<Integer>> table(NodeId node) {
        Check.that(complete.contains(node), "table of " + node + " asked before its join list completed");
        return tables.getOrDefault(node, new TreeMap<>());
    }
}
