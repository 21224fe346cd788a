package org.corral.fence.agents.ipmi;

/**
 * A decoded RMCP datagram. Records are validated once by {@link LanCodec#decode}; the session layers
 * never look at raw offsets again (except the RMCP+ integrity check, which signs the raw bytes).
 */
public sealed interface LanPacket {

    /** ASF presence ping (0x80) or pong (0x40). */
    record Asf(int messageType, int tag, byte[] data) implements LanPacket {
        public static final int PING = 0x80;
        public static final int PONG = 0x40;
    }

    /**
     * IPMI 1.5 session packet.
     *
     * @param authType  0 none, 2 MD5, 4 straight password
     * @param sequence  session sequence number
     * @param sessionId session id
     * @param authCode  16 bytes, or empty for authType 0
     * @param message   the IPMI message bytes
     */
    record Lan15(int authType, int sequence, int sessionId, byte[] authCode, byte[] message) implements LanPacket {
        public static final int AUTH_NONE = 0;
        public static final int AUTH_MD5 = 2;
        public static final int AUTH_PASSWORD = 4;
    }

    /**
     * IPMI 2.0 (RMCP+) session packet.
     *
     * @param payloadType low six bits of the payload type byte
     * @param encrypted   payload encrypted bit
     * @param authenticated payload authenticated bit (integrity trailer present)
     * @param sessionId   session id (the receiver's id)
     * @param sequence    session sequence number
     * @param payload     payload bytes as on the wire (IV + ciphertext when encrypted)
     * @param trailer     bytes after the payload (integrity pad, pad length, next header, AuthCode)
     * @param raw         the whole datagram, for AuthCode checks
     */
    record Rmcp20(int payloadType, boolean encrypted, boolean authenticated, int sessionId, int sequence,
                  byte[] payload, byte[] trailer, byte[] raw) implements LanPacket {
        public static final int IPMI = 0x00;
        public static final int OPEN_SESSION_REQUEST = 0x10;
        public static final int OPEN_SESSION_RESPONSE = 0x11;
        public static final int RAKP1 = 0x12;
        public static final int RAKP2 = 0x13;
        public static final int RAKP3 = 0x14;
        public static final int RAKP4 = 0x15;
    }
}
