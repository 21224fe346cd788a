package org.corral.totem.wire;

/** A datagram that is not a valid totem packet; the message is one line saying why. */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }
}
