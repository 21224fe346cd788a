package org.corral.cpg.core;

import java.util.Arrays;
import java.util.List;
import org.corral.totem.core.RingId;

/**
 * What one CPG engine tells the others, carried as a totem payload (corosync exec/cpg.c
 * MESSAGE_REQ_EXEC_CPG_*). The origin node is not inside: totem names it on delivery. Records are
 * validated once, here; the codec in {@code org.corral.cpg.wire} turns them into bytes and back.
 */
public sealed interface CpgMessage {

    /** Entries of one join list chunk; bounded so a chunk always fits a totem payload. */
    int JOIN_LIST_CHUNK_ENTRIES_MAX = 256;

    /** A local process joins {@code group} (PROCJOIN, reason JOIN). */
    record ProcJoin(GroupName group, int pid) implements CpgMessage {
        public ProcJoin {
            Check.argument(group != null && pid > 0, "procjoin needs a group and a positive pid");
        }
    }

    /** A local process leaves {@code group} (PROCLEAVE) with reason LEAVE or PROCDOWN. */
    record ProcLeave(GroupName group, int pid, Reason reason) implements CpgMessage {
        public ProcLeave {
            Check.argument(group != null && pid > 0, "procleave needs a group and a positive pid");
            Check.argument(reason == Reason.LEAVE || reason == Reason.PROCDOWN,
                    "procleave reason must be LEAVE or PROCDOWN, not " + reason);
        }
    }

    /** An application message from process {@code pid} of the origin node to {@code group}. */
    record Mcast(GroupName group, int pid, byte[] payload) implements CpgMessage {
        public Mcast {
            Check.argument(group != null && pid > 0 && payload != null, "mcast needs a group, a pid and a payload");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Mcast m && group.equals(m.group) && pid == m.pid && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * group.hashCode() + pid) + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Mcast[" + group + ", " + pid + ", " + payload.length + " bytes]";
        }
    }

    /**
     * One chunk of the origin node's join list for the sync of {@code ring}: its local processes
     * (JOINLIST). Chunks go out in order, {@code last} on the final one; an empty list is one
     * empty last chunk.
     */
    record JoinList(RingId ring, int chunk, boolean last, List<Entry> entries) implements CpgMessage {
        public JoinList {
            Check.argument(ring != null && chunk >= 0, "join list needs a ring and a chunk index >= 0");
            entries = List.copyOf(entries);
            Check.argument(entries.size() <= JOIN_LIST_CHUNK_ENTRIES_MAX,
                    "join list chunk has " + entries.size() + " entries, more than " + JOIN_LIST_CHUNK_ENTRIES_MAX);
        }
    }

    /** A process of the origin node and the group it is in. */
    record Entry(GroupName group, int pid) implements Comparable<Entry> {
        public Entry {
            Check.argument(group != null && pid > 0, "join list entry needs a group and a positive pid");
        }

        @Override
        public int compareTo(Entry other) {
            int byGroup = group.compareTo(other.group);
            return byGroup != 0 ? byGroup : Integer.compare(pid, other.pid);
        }
    }
}
