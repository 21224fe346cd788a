package org.corral.totem.crypto;

/** A datagram that failed authentication, replay or mode checks; the message is one line. */
public final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final PacketSealer.Rejection reason;

    public CryptoException(PacketSealer.Rejection reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PacketSealer.Rejection reason() {
        return reason;
    }
}
