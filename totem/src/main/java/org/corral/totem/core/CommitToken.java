package org.corral.totem.core;

import java.util.List;

/**
 * The commit token (corosync {@code struct memb_commit_token}) that installs ring {@code ringId}
 * with the sorted {@code members}. It rotates twice: on the first pass member i appends its entry
 * (old ring, aru, delivered, received); on the second pass, with every entry filled, each member
 * enters RECOVERY. {@code membIndex} is the index of the member that sent this copy.
 */
public record CommitToken(NodeId sender, long tokenSeq, RingId ringId, List<NodeId> members,
                          List<Entry> entries, int membIndex) implements TotemMessage {

    /** What member i knew of its old ring when the token first reached it. */
    public record Entry(RingId oldRingId, long aru, long highDelivered, long highSeqReceived, boolean receivedFlg) {
        public Entry {
            if (oldRingId == null || aru < 0 || highDelivered < 0 || highDelivered > aru || highSeqReceived < aru) {
                throw new IllegalArgumentException("commit token entry out of range");
            }
        }
    }

    public CommitToken {
        if (sender == null || ringId == null || members == null || entries == null || tokenSeq < 0) {
            throw new IllegalArgumentException("commit token fields must not be null");
        }
        if (members.isEmpty() || members.size() > MembJoin.LIST_ENTRIES_MAX || entries.size() > members.size()) {
            throw new IllegalArgumentException("commit token with " + members.size() + " members and "
                    + entries.size() + " entries");
        }
        if (membIndex < 0 || membIndex >= members.size() || !members.get(0).equals(ringId.representative())) {
            throw new IllegalArgumentException("commit token index or representative is wrong");
        }
        members = List.copyOf(members);
        entries = List.copyOf(entries);
        MembJoin.requireSorted(members);
    }

    /** True once every member has filled its entry (the second rotation). */
    public boolean complete() {
        return entries.size() == members.size();
    }

    @Override
    public int sizeBytes() {
        return HEADER_BYTES + 28 + 4 * members.size() + 40 * entries.size();
    }
}
