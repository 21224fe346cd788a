package org.corral.totem.core;

import java.util.List;

/**
 * A membership join (corosync {@code struct memb_join}): the sender's proc set and failed set,
 * and the highest ring sequence it knows. {@code leave} marks a LEAVE (corosync sends a join whose
 * header nodeid is 0): the sender lists itself as failed and does not count towards consensus.
 * Lists are sorted by node id without duplicates.
 */
public record MembJoin(NodeId sender, List<NodeId> procList, List<NodeId> failedList, long ringSeq, boolean leave)
        implements TotemMessage {

    /** A limit on both lists: cman's node id range. */
    public static final int LIST_ENTRIES_MAX = NodeId.VALUE_MAX;

    public MembJoin {
        if (sender == null || procList == null || failedList == null || ringSeq < 0) {
            throw new IllegalArgumentException("join fields must not be null, ring seq >= 0");
        }
        if (procList.size() > LIST_ENTRIES_MAX || failedList.size() > LIST_ENTRIES_MAX) {
            throw new IllegalArgumentException("join lists exceed " + LIST_ENTRIES_MAX + " entries");
        }
        procList = List.copyOf(procList);
        failedList = List.copyOf(failedList);
        requireSorted(procList);
        requireSorted(failedList);
    }

    static void requireSorted(List<NodeId> nodes) {
        for (int i = 1; i < nodes.size(); i++) {
            if (nodes.get(i - 1).compareTo(nodes.get(i)) >= 0) {
                throw new IllegalArgumentException("node list " + nodes + " is not sorted and unique");
            }
        }
    }

    @Override
    public int sizeBytes() {
        return HEADER_BYTES + 20 + 4 * (procList.size() + failedList.size());
    }
}
