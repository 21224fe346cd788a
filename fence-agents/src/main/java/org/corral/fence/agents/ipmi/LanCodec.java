package org.corral.fence.agents.ipmi;

import java.util.Arrays;
import java.util.Set;

/**
 * RMCP / IPMI-over-LAN framing (IPMI 2.0 section 13): encodes and decodes datagrams with bounds
 * checks on every field. RMCP/ASF integers are big-endian, IPMI session integers little-endian.
 */
public final class LanCodec {
    /** Largest datagram accepted or produced. */
    public static final int DATAGRAM_BYTES_MAX = 1024;
    public static final int RMCP_VERSION = 0x06;
    public static final int CLASS_ASF = 0x06;
    public static final int CLASS_IPMI = 0x07;
    public static final int AUTH_TYPE_RMCP_PLUS = 0x06;
    static final int ASF_IANA = 4542;
    /** Lengths at which IPMI 1.5 senders append a legacy pad byte (section 13.6). */
    private static final Set<Integer> LEGACY_PAD_LENGTHS = Set.of(56, 84, 112, 128, 156);

    private LanCodec() {
    }

    public static LanPacket decode(byte[] datagram) throws WireException {
        if (datagram.length < 4) {
            throw new WireException("datagram too short for an RMCP header: " + datagram.length + " bytes");
        }
        if (datagram.length > DATAGRAM_BYTES_MAX) {
            throw new WireException("datagram longer than " + DATAGRAM_BYTES_MAX + " bytes");
        }
        if ((datagram[0] & 0xff) != RMCP_VERSION) {
            throw new WireException(String.format("not RMCP: version byte 0x%02x", datagram[0] & 0xff));
        }
        int messageClass = datagram[3] & 0xff;
        if (messageClass == CLASS_ASF) {
            return decodeAsf(datagram);
        }
        if (messageClass != CLASS_IPMI) {
            throw new WireException(String.format("unsupported RMCP class 0x%02x", messageClass));
        }
        int authType = Bytes.u8(datagram, 4);
        return authType == AUTH_TYPE_RMCP_PLUS ? decodeRmcp20(datagram) : decodeLan15(datagram, authType);
    }

    private static LanPacket decodeAsf(byte[] datagram) throws WireException {
        int iana = Bytes.u8(datagram, 4) << 24 | Bytes.u8(datagram, 5) << 16 | Bytes.u8(datagram, 6) << 8
                | Bytes.u8(datagram, 7);
        if (iana != ASF_IANA) {
            throw new WireException("ASF message with IANA " + iana);
        }
        int length = Bytes.u8(datagram, 11);
        return new LanPacket.Asf(Bytes.u8(datagram, 8), Bytes.u8(datagram, 9), Bytes.slice(datagram, 12, length));
    }

    private static LanPacket decodeLan15(byte[] datagram, int authType) throws WireException {
        if (authType != 0 && authType != 1 && authType != 2 && authType != 4 && authType != 5) {
            throw new WireException(String.format("unknown IPMI 1.5 auth type 0x%02x", authType));
        }
        int sequence = Bytes.u32le(datagram, 5);
        int sessionId = Bytes.u32le(datagram, 9);
        int offset = 13;
        byte[] authCode = new byte[0];
        if (authType != 0) {
            authCode = Bytes.slice(datagram, offset, 16);
            offset += 16;
        }
        int length = Bytes.u8(datagram, offset);
        byte[] message = Bytes.slice(datagram, offset + 1, length);
        int rest = datagram.length - (offset + 1 + length);
        if (rest > 1) {
            throw new WireException(rest + " stray bytes after the IPMI 1.5 message");
        }
        return new LanPacket.Lan15(authType, sequence, sessionId, authCode, message);
    }

    private static LanPacket decodeRmcp20(byte[] datagram) throws WireException {
        int typeByte = Bytes.u8(datagram, 5);
        int payloadType = typeByte & 0x3f;
        if (payloadType == 0x02) {
            throw new WireException("OEM explicit payloads are not supported");
        }
        int sessionId = Bytes.u32le(datagram, 6);
        int sequence = Bytes.u32le(datagram, 10);
        int length = Bytes.u16le(datagram, 14);
        byte[] payload = Bytes.slice(datagram, 16, length);
        byte[] trailer = Arrays.copyOfRange(datagram, 16 + length, datagram.length);
        boolean authenticated = (typeByte & 0x40) != 0;
        if (!authenticated && trailer.length > 0) {
            throw new WireException(trailer.length + " stray bytes after an unauthenticated RMCP+ payload");
        }
        return new LanPacket.Rmcp20(payloadType, (typeByte & 0x80) != 0, authenticated, sessionId, sequence,
                payload, trailer, datagram.clone());
    }

    public static byte[] encodeAsf(int messageType, int tag, byte[] data) {
        byte[] out = new byte[12 + data.length];
        out[0] = RMCP_VERSION;
        out[2] = (byte) 0xff;
        out[3] = CLASS_ASF;
        out[6] = (byte) (ASF_IANA >>> 8);
        out[7] = (byte) ASF_IANA;
        out[8] = (byte) messageType;
        out[9] = (byte) tag;
        out[11] = (byte) data.length;
        System.arraycopy(data, 0, out, 12, data.length);
        return out;
    }

    /** The standard pong: IPMI supported, no OEM data. */
    public static byte[] asfPong(int tag) {
        byte[] data = {0, 0, 0x11, (byte) 0xbe, 0, 0, 0, 0, (byte) 0x81, 0, 0, 0, 0, 0, 0, 0};
        return encodeAsf(LanPacket.Asf.PONG, tag, data);
    }

    public static byte[] encodeLan15(int authType, int sequence, int sessionId, byte[] authCode, byte[] message) {
        if ((authType == 0) != (authCode.length == 0) || (authType != 0 && authCode.length != 16)
                || message.length > 255) {
            throw new IllegalArgumentException("inconsistent IPMI 1.5 packet");
        }
        int length = 14 + authCode.length + message.length;
        boolean pad = LEGACY_PAD_LENGTHS.contains(length);
        byte[] out = new byte[length + (pad ? 1 : 0)];
        out[0] = RMCP_VERSION;
        out[2] = (byte) 0xff;
        out[3] = CLASS_IPMI;
        out[4] = (byte) authType;
        Bytes.putU32le(out, 5, sequence);
        Bytes.putU32le(out, 9, sessionId);
        System.arraycopy(authCode, 0, out, 13, authCode.length);
        out[13 + authCode.length] = (byte) message.length;
        System.arraycopy(message, 0, out, 14 + authCode.length, message.length);
        return out;
    }

    /** An RMCP+ packet without integrity trailer (pre-session messages, suites 0 and 1). */
    public static byte[] encodeRmcp20Plain(int payloadType, int sessionId, int sequence, byte[] payload) {
        byte[] out = rmcp20Header(payloadType, sessionId, sequence, payload, 0);
        System.arraycopy(payload, 0, out, 16, payload.length);
        return out;
    }

    /** Header plus payload plus {@code extra} zero bytes for a trailer. */
    static byte[] rmcp20Header(int typeByte, int sessionId, int sequence, byte[] payload, int extra) {
        if (payload.length > DATAGRAM_BYTES_MAX - 64) {
            throw new IllegalArgumentException("RMCP+ payload too long");
        }
        byte[] out = new byte[16 + payload.length + extra];
        out[0] = RMCP_VERSION;
        out[2] = (byte) 0xff;
        out[3] = CLASS_IPMI;
        out[4] = AUTH_TYPE_RMCP_PLUS;
        out[5] = (byte) typeByte;
        Bytes.putU32le(out, 6, sessionId);
        Bytes.putU32le(out, 10, sequence);
        out[14] = (byte) payload.length;
        out[15] = (byte) (payload.length >>> 8);
        System.arraycopy(payload, 0, out, 16, payload.length);
        return out;
    }
}
