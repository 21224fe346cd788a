package org.corral.fence.agents.ipmi;

/** A datagram that does not decode: too short, bad checksum, wrong header, bad auth code. */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }
}
