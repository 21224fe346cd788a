package org.corral.totem.core;

/** Asks the representative of an idle ring to release the token it holds: someone has data. */
public record TokenHoldCancel(NodeId sender, RingId ringId) implements TotemMessage {
    public TokenHoldCancel {
        if (sender == null || ringId == null) {
            throw new IllegalArgumentException("token hold cancel needs a sender and a ring id");
        }
    }

    @Override
    public int sizeBytes() {
        return HEADER_BYTES + 12;
    }
}
