package org.corral.cpg.core;

/** A totem payload that is not a valid CPG message; the engine counts it and drops it. */
public final class MalformedPayloadException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }
}
