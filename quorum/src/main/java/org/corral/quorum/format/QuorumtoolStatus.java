package org.corral.quorum.format;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything {@code corosync-quorumtool -s} prints in corosync 2's format (beyond RHCS).
 *
 * @param dateEpochSeconds the "Date:" line's time, taken by the caller (formatters never read clocks)
 * @param ringRepresentative the ring id's node part; {@code ringSeq} its sequence
 * @param expectedVotes this node's expected votes; {@code highestExpected} the highest over members
 * @param qdevice the quorum device line, or null when none is registered
 */
public record QuorumtoolStatus(long dateEpochSeconds, String quorumProvider, int nodeCount, long localNodeId,
        long ringRepresentative, long ringSeq, boolean quorate, int expectedVotes, int highestExpected,
        int totalVotes, int quorum, Set<Flag> flags, List<Member> members, Qdevice qdevice) {

    /** The votequorum flags, in the order corosync-quorumtool prints them. */
    public enum Flag {
        TWO_NODE("2Node"), QUORATE("Quorate"), WAIT_FOR_ALL("WaitForAll"), LAST_MAN_STANDING("LastManStanding"),
        AUTO_TIE_BREAKER("AutoTieBreaker"), ALLOW_DOWNSCALE("AllowDownscale"), QDEVICE("Qdevice");

        private final String word;

        Flag(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** One member line; {@code qdeviceFlags} like "A,V,NMW" shown only when a qdevice is registered. */
    public record Member(long nodeId, int votes, String name, String qdeviceFlags) {}

    /** The quorum device line (node id 0). {@code castVote} false shows votes 0 and "(votes N)". */
    public record Qdevice(String name, int votes, boolean castVote) {}

    public QuorumtoolStatus {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        members = List.copyOf(members);
    }
}
