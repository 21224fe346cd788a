package org.corral.cpg.wire;

/** An IPC frame that cannot be decoded; the connection that sent it is closed. */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
