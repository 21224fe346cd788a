package org.corral.cpg.core;

/** Why a process joined or left a group: corosync's {@code cpg_reason_t}, same codes. */
public enum Reason {
    JOIN(1),
    LEAVE(2),
    NODEDOWN(3),
    NODEUP(4),
    PROCDOWN(5);

    private final int code;

    Reason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason with {@code code}, or null when the code is unknown. */
    public static Reason fromCode(int code) {
        for (Reason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return null;
    }
}
