package org.corral.quorum.format;

import java.time.ZoneId;

/**
 * {@code corosync-quorumtool -s} in corosync 2's layout: the "Quorum information",
 * "Votequorum information" and "Membership information" blocks, with its padded columns
 * (each value right-aligned to 10 and followed by a space). The ring id prints as corosync 2.x
 * does ({@code rep/seq}, decimal) or as corosync 3 does ({@code rep.seq}, hex).
 */
public final class QuorumtoolFormatter {
    private static final int COLUMN_WIDTH = 10;

    private QuorumtoolFormatter() {}

    /** How the "Ring ID:" line is written. */
    public enum RingIdStyle { COROSYNC_2, COROSYNC_3 }

    public static String format(QuorumtoolStatus status, ZoneId zone, RingIdStyle style) {
        StringBuilder out = new StringBuilder(512);
        out.append("Quorum information\n");
        out.append("------------------\n");
        out.append("Date:             ").append(CTime.ctime(status.dateEpochSeconds(), zone)).append('\n');
        out.append("Quorum provider:  ").append(status.quorumProvider()).append('\n');
        out.append("Nodes:            ").append(status.nodeCount()).append('\n');
        out.append("Node ID:          ").append(status.localNodeId()).append('\n');
        out.append("Ring ID:          ").append(ringId(status, style)).append('\n');
        out.append("Quorate:          ").append(status.quorate() ? "Yes" : "No").append('\n');
        out.append('\n');
        out.append("Votequorum information\n");
        out.append("----------------------\n");
        out.append("Expected votes:   ").append(status.expectedVotes()).append('\n');
        out.append("Highest expected: ").append(status.highestExpected()).append('\n');
        out.append("Total votes:      ").append(status.totalVotes()).append('\n');
        out.append("Quorum:           ").append(status.quorum()).append(' ')
                .append(status.quorate() ? " " : "Activity blocked").append('\n');
        out.append("Flags:            ");
        for (QuorumtoolStatus.Flag flag : status.flags()) {
            out.append(flag.word()).append(' ');
        }
        out.append('\n');
        members(out, status);
        return out.toString();
    }

    private static void members(StringBuilder out, QuorumtoolStatus status) {
        boolean qdevice = status.qdevice() != null;
        out.append('\n');
        out.append("Membership information\n");
        out.append("----------------------\n");
        padded(out, "Nodeid");
        padded(out, "Votes");
        if (qdevice) {
            padded(out, "Qdevice");
        }
        out.append("Name\n");
        for (QuorumtoolStatus.Member member : status.members()) {
            padded(out, Long.toString(member.nodeId()));
            padded(out, Integer.toString(member.votes()));
            if (qdevice) {
                padded(out, member.qdeviceFlags() == null ? "NR" : member.qdeviceFlags());
            }
            out.append(member.name());
            if (member.nodeId() == status.localNodeId()) {
                out.append(" (local)");
            }
            out.append('\n');
        }
        if (qdevice) {
            QuorumtoolStatus.Qdevice device = status.qdevice();
            padded(out, "0");
            padded(out, Integer.toString(device.castVote() ? device.votes() : 0));
            out.append("           ").append(device.name());
            if (device.castVote()) {
                out.append('\n');
            } else {
                out.append(" (votes ").append(device.votes()).append(")\n");
            }
        }
    }

    static String ringId(QuorumtoolStatus status, RingIdStyle style) {
        if (style == RingIdStyle.COROSYNC_3) {
            return Long.toHexString(status.ringRepresentative()) + "." + Long.toHexString(status.ringSeq());
        }
        return status.ringRepresentative() + "/" + status.ringSeq();
    }

    private static void padded(StringBuilder out, String value) {
        for (int i = value.length(); i < COLUMN_WIDTH; i++) {
            out.append(' ');
        }
        out.append(value).append(' ');
    }
}
