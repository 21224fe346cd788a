package org.corral.cpg.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.totem.core.NodeId;

/**
 * The engine's view of every group in the cluster: group to members, sorted. A group exists while
 * it has a member. Mutated only by the engine's handlers.
 */
final class GroupView {
    private final TreeMap<GroupName, TreeSet<ProcessId>> groups = new TreeMap<>();
    private int processCount;

    boolean contains(GroupName group, ProcessId process) {
        TreeSet<ProcessId> members = groups.get(group);
        return members != null && members.contains(process);
    }

    void add(GroupName group, ProcessId process) {
        boolean added = groups.computeIfAbsent(group, g -> new TreeSet<>()).add(process);
        Check.that(added, process + " already in " + group);
        processCount++;
    }

    void remove(GroupName group, ProcessId process) {
        TreeSet<ProcessId> members = groups.get(group);
        Check.that(members != null && members.remove(process), process + " not in " + group);
        processCount--;
        if (members.isEmpty()) {
            groups.remove(group);
        }
    }

    /** Removes every member on one of {@code nodes} from {@code group}; returns them, sorted. */
    List<ProcessId> removeNodes(GroupName group, Set<NodeId> nodes) {
        TreeSet<ProcessId> members = groups.get(group);
        if (members == null || nodes.isEmpty()) {
            return List.of();
        }
        List<ProcessId> removed = new ArrayList<>();
        members.removeIf(process -> {
            boolean gone = nodes.contains(process.node());
            if (gone) {
                removed.add(process);
            }
            return gone;
        });
        processCount -= removed.size();
        if (members.isEmpty()) {
            groups.remove(group);
        }
        return removed;
    }

    List<ProcessId> members(GroupName group) {
        TreeSet<ProcessId> members = groups.get(group);
        return members == null ? List.of() : List.copyOf(members);
    }

    int size(GroupName group) {
        TreeSet<ProcessId> members = groups.get(group);
        return members == null ? 0 : members.size();
    }

    boolean hasGroup(GroupName group) {
        return groups.containsKey(group);
    }

    int groupCount() {
        return groups.size();
    }

    int processCount() {
        return processCount;
    }

    List<GroupName> groupNames() {
        return List.copyOf(groups.keySet());
    }

    /** The processes of {@code node}: group to pids, in the shape of a join list. */
    TreeMap<GroupName, TreeSet<Integer>> tableOf(NodeId node) {
        TreeMap<GroupName, TreeSet<Integer>> table = new TreeMap<>();
        groups.forEach((group, members) -> {
            for (ProcessId process : members) {
                if (process.node().equals(node)) {
                    table.computeIfAbsent(group, g -> new TreeSet<>()).add(process.pid());
                }
            }
        });
        return table;
    }

    SortedMap<GroupName, List<ProcessId>> snapshot() {
        TreeMap<GroupName, List<ProcessId>> copy = new TreeMap<>();
        groups.forEach((group, members) -> copy.put(group, List.copyOf(members)));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Full structural check; run after configuration events (it walks the whole view). */
    void checkInvariants() {
        int counted = 0;
        for (TreeSet<ProcessId> members : groups.values()) {
            Check.that(!members.isEmpty(), "an empty group is kept in the view");
            counted += members.size();
        }
        Check.that(counted == processCount, "process count " + processCount + " != " + counted);
    }
}
