package org.corral.cpg.core;

import java.util.List;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TotemEvent;

/**
 * What the engine asks its shell to do: callbacks addressed to local clients by id (the IPC
 * server sends them on that client's connection, in list order) and log lines.
 */
public sealed interface CpgEffect {

    /** A message for client {@code clientId} (cpg_deliver_fn). The payload array is shared: read only. */
    record Deliver(long clientId, GroupName group, ProcessId sender, byte[] payload) implements CpgEffect {
        @Override
        public String toString() {
            return "Deliver[" + clientId + ", " + group + ", from " + sender + ", " + payload.length + " bytes]";
        }
    }

    /** A group membership change for client {@code clientId} (cpg_confchg_fn); lists sorted. */
    record ConfChg(long clientId, GroupName group, List<ProcessId> members, List<CpgAddress> left,
                   List<CpgAddress> joined) implements CpgEffect {
        public ConfChg {
            members = List.copyOf(members);
            left = List.copyOf(left);
            joined = List.copyOf(joined);
        }
    }

    /** The totem ring after a sync, for clients that asked for it (cpg_totem_confchg_fn). */
    record TotemConfChg(long clientId, RingId ring, List<NodeId> members) implements CpgEffect {
        public TotemConfChg {
            members = List.copyOf(members);
        }
    }

    /** A line for the daemon log; the shell adds the "[CPG   ]" tag, the time and the pid. */
    record Log(TotemEvent.Level level, String text) implements CpgEffect {}
}
