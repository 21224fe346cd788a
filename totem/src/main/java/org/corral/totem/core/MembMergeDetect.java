package org.corral.totem.core;

/** The representative of an idle ring announces its ring id so another ring can merge with it. */
public record MembMergeDetect(NodeId sender, RingId ringId) implements TotemMessage {
    public MembMergeDetect {
        if (sender == null || ringId == null) {
            throw new IllegalArgumentException("merge detect needs a sender and a ring id");
        }
    }

    @Override
    public int sizeBytes() {
        return HEADER_BYTES + 16;
    }
}
