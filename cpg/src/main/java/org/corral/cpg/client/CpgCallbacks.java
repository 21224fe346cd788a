package org.corral.cpg.client;

import java.util.List;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/** libcpg's callbacks, run by {@link CpgClient#dispatch} on the caller's thread. */
public interface CpgCallbacks {

    /** cpg_deliver_fn: a message to the joined group, in agreed order. */
    void deliver(GroupName group, ProcessId sender, byte[] message);

    /** cpg_confchg_fn: the group's members after the change, and who left and joined why. */
    void confchg(GroupName group, List<ProcessId> members, List<CpgAddress> left, List<CpgAddress> joined);

    /** cpg_totem_confchg_fn (CPG_MODEL_V1): the totem ring after a sync. */
    default void totemConfchg(RingId ring, List<NodeId> members) {}

    /** True to receive {@link #totemConfchg}, the current ring first. */
    default boolean wantsTotemConfchg() {
        return false;
    }
}
