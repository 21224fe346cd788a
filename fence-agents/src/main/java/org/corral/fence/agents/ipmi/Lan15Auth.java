package org.corral.fence.agents.ipmi;

/** IPMI 1.5 AuthCodes (section 22.17): none, straight password, MD5. */
public final class Lan15Auth {
    private Lan15Auth() {
    }

    /** The 16-byte AuthCode of a packet, or empty for auth type none. */
    public static byte[] code(int authType, byte[] password, int sessionId, byte[] message, int sequence) {
        byte[] password16 = IpmiCrypto.password16(password);
        return switch (authType) {
            case LanPacket.Lan15.AUTH_NONE -> new byte[0];
            case LanPacket.Lan15.AUTH_PASSWORD -> password16;
            case LanPacket.Lan15.AUTH_MD5 -> IpmiCrypto.md5(password16, Bytes.u32le(sessionId), message,
                    Bytes.u32le(sequence), password16);
            default -> throw new IllegalArgumentException("unsupported IPMI 1.5 auth type " + authType);
        };
    }
}
