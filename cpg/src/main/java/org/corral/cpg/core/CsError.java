package org.corral.cpg.core;

/** corosync's {@code cs_error_t}: the answer to every client request, same codes as libcpg. */
public enum CsError {
    OK(1),
    ERR_LIBRARY(2),
    ERR_VERSION(3),
    ERR_INIT(4),
    ERR_TIMEOUT(5),
    ERR_TRY_AGAIN(6),
    ERR_INVALID_PARAM(7),
    ERR_NO_MEMORY(8),
    ERR_BAD_HANDLE(9),
    ERR_BUSY(10),
    ERR_ACCESS(11),
    ERR_NOT_EXIST(12),
    ERR_NAME_TOO_LONG(13),
    ERR_EXIST(14),
    ERR_NO_SPACE(15),
    ERR_INTERRUPT(16),
    ERR_NAME_NOT_FOUND(17),
    ERR_NO_RESOURCES(18),
    ERR_NOT_SUPPORTED(19),
    ERR_BAD_OPERATION(20),
    ERR_FAILED_OPERATION(21),
    ERR_MESSAGE_ERROR(22),
    ERR_QUEUE_FULL(23),
    ERR_QUEUE_NOT_AVAILABLE(24),
    ERR_BAD_FLAGS(25),
    ERR_TOO_BIG(26),
    ERR_NO_SECTIONS(27),
    ERR_CONTEXT_NOT_FOUND(28),
    ERR_TOO_MANY_GROUPS(30),
    ERR_SECURITY(100);

    private final int code;

    CsError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error with {@code code}, or null when the code is unknown. */
    public static CsError fromCode(int code) {
        for (CsError error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return null;
    }
}
