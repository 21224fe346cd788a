package org.corral.fenced.core;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the shell feeds the fence domain. Time never arrives in an event: it comes only through
 * {@link FenceDomain#tick}, and each event is handled at the last tick's time.
 */
public sealed interface FenceEvent {

    /**
     * A configuration change of the fence domain's cpg, delivered after the start messages of the
     * change were exchanged. {@code failed} are members that left without a clean leave;
     * {@code clusterMembers} are cman's members at that moment (for first-formation victims).
     */
    record MembershipChanged(SortedSet<Integer> members, SortedSet<Integer> joined, SortedSet<Integer> left,
                             SortedSet<Integer> failed, SortedSet<Integer> clusterMembers) implements FenceEvent {
        public MembershipChanged {
            members = new TreeSet<>(members);
            joined = new TreeSet<>(joined);
            left = new TreeSet<>(left);
            failed = new TreeSet<>(failed);
            clusterMembers = new TreeSet<>(clusterMembers);
            Check.argument(members.containsAll(joined), "a joined node must be a member");
            Check.argument(failed.stream().noneMatch(members::contains), "a failed node cannot be a member");
            Check.argument(left.stream().noneMatch(members::contains), "a node that left cannot be a member");
            Check.argument(failed.stream().noneMatch(left::contains), "a node either left cleanly or failed");
        }
    }

    /** cman's quorum changed. */
    record QuorumChanged(boolean quorate) implements FenceEvent {
    }

    /** An agent run ended (the runner posts it back on the loop). */
    record AgentFinished(long runId, AgentOutcome outcome, int exitCode) implements FenceEvent {
    }

    /** fence_ack_manual wrote this node name to the override FIFO. */
    record OverrideAck(String nodeName) implements FenceEvent {
    }

    /**
     * Another member (the master) reported this victim fenced over cpg, or fence_node told us it
     * fenced it (how = EXTERNAL).
     */
    record PeerFenced(int victimNodeId, FenceHow how, int byNodeId) implements FenceEvent {
    }

    /** How an agent run ended; anything but SUCCESS counts as "error from agent" or worse. */
    enum AgentOutcome {
        SUCCESS("success"), ERROR("error from agent"), TIMEOUT("error from agent"), FORK("error from fork");

        private final String logText;

        AgentOutcome(String logText) {
            this.logText = logText;
        }

        /** The result text of fenced's "fence X dev m.d agent A result: ..." line. */
        public String logText() {
            return logText;
        }
    }

    /** fence_tool ls -n "how" values. */
    enum FenceHow {
        NONE, AGENT, MEMBER, OVERRIDE, EXTERNAL;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
