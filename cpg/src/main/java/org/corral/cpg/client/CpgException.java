package org.corral.cpg.client;

import org.corral.cpg.core.CsError;

/** A libcpg call that failed, with corosync's error code. */
public final class CpgException extends Exception {
    private static final long serialVersionUID = 1L;
    private final CsError error;

    public CpgException(CsError error, String message) {
        super(message + " (" + error + ")");
        this.error = error;
    }

    public CsError error() {
        return error;
    }
}
