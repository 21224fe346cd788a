package org.corral.fence.agents.ipmi;

/** RMCP+ status codes of Open Session and RAKP messages (IPMI 2.0 table 13-15). */
public final class RmcpStatus {
    public static final int OK = 0x00;
    public static final int INVALID_SESSION_ID = 0x02;
    public static final int INVALID_AUTH_ALGORITHM = 0x04;
    public static final int INVALID_INTEGRITY_ALGORITHM = 0x05;
    public static final int INVALID_ROLE = 0x09;
    public static final int UNAUTHORIZED_NAME = 0x0d;
    public static final int INVALID_INTEGRITY_CHECK = 0x0f;
    public static final int INVALID_CONFIDENTIALITY_ALGORITHM = 0x10;
    public static final int ILLEGAL_PARAMETER = 0x12;

    private static final String[] TEXT = {
        "no errors", "insufficient resources to create a session", "invalid session id", "invalid payload type",
        "invalid authentication algorithm", "invalid integrity algorithm", "no matching authentication payload",
        "no matching integrity payload", "inactive session id", "invalid role",
        "unauthorized role or privilege level requested", "insufficient resources to create a session at the requested role",
        "invalid name length", "unauthorized name", "unauthorized GUID", "invalid integrity check value",
        "invalid confidentiality algorithm", "no cipher suite match with proposed security algorithms",
        "illegal or unrecognized parameter"};

    private RmcpStatus() {
    }

    public static String text(int status) {
        return status >= 0 && status < TEXT.length ? TEXT[status] : String.format("unknown status 0x%02x", status);
    }
}
