package org.corral.cpg.wire;

import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/**
 * The local IPC protocol between a CPG client (libcpg's analogue) and the node daemon: requests,
 * their responses, and callbacks the daemon pushes. {@link IpcCodec} frames them.
 */
public sealed interface IpcMessage {

    /** Requests, client to daemon. */
    sealed interface Request extends IpcMessage {}

    /** Answers to requests, carrying the request's id. */
    sealed interface Response extends IpcMessage {
        CsError error();
    }

    /** Pushed by the daemon with request id 0. */
    sealed interface Callback extends IpcMessage {}

    /** cpg_model_initialize: the caller's pid and whether it wants totem ring callbacks. */
    record Initialize(int pid, boolean totemCallbacks) implements Request {}

    record Finalize() implements Request {}

    record Join(GroupName group) implements Request {}

    record Leave(GroupName group) implements Request {}

    /** cpg_mcast_joined with agreed ordering (the only one corosync implements). */
    record Mcast(byte[] payload) implements Request {
        @Override
        public boolean equals(Object other) {
            return other instanceof Mcast m && Arrays.equals(payload, m.payload);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Mcast[" + payload.length + " bytes]";
        }
    }

    record MembershipGet(GroupName group) implements Request {}

    record LocalGet() implements Request {}

    /** cpg_iteration_initialize(CPG_ITERATION_ALL): every group with its members. */
    record IterateGroups() implements Request {}

    record MaxMessageSizeGet() implements Request {}

    record Status(CsError error) implements Response {}

    record Members(CsError error, List<ProcessId> members) implements Response {
        public Members {
            members = List.copyOf(members);
        }
    }

    record Local(CsError error, NodeId node) implements Response {}

    record Groups(CsError error, SortedMap<GroupName, List<ProcessId>> groups) implements Response {}

    record Size(CsError error, int bytes) implements Response {}

    record Deliver(GroupName group, ProcessId sender, byte[] payload) implements Callback {
        @Override
        public boolean equals(Object other) {
            return other instanceof Deliver d && group.equals(d.group) && sender.equals(d.sender)
                    && Arrays.equals(payload, d.payload);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * group.hashCode() + sender.hashCode()) + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Deliver[" + group + " from " + sender + ", " + payload.length + " bytes]";
        }
    }

    record ConfChg(GroupName group, List<ProcessId> members, List<CpgAddress> left, List<CpgAddress> joined)
            implements Callback {
        public ConfChg {
            members = List.copyOf(members);
            left = List.copyOf(left);
            joined = List.copyOf(joined);
        }
    }

    record TotemConfChg(RingId ring, List<NodeId> members) implements Callback {
        public TotemConfChg {
            members = List.copyOf(members);
        }
    }
}
