package org.corral.fence.agents.api;

import java.util.Objects;

/**
 * A failure an agent reports: the runner prints {@link #getMessage()} as one {@code ERROR:} line and
 * exits 1. Device code throws it for every problem it can name (timeouts, refusals, garbage).
 */
public final class FenceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final FailReason reason;

    /** A failure with the reason's standard message. */
    public FenceException(FailReason reason) {
        super(reason.message());
        this.reason = reason;
    }

    /** A failure with its own one-line message. */
    public FenceException(FailReason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = reason;
    }

    public FailReason reason() {
        return reason;
    }
}
