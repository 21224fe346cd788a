package org.corral.fence.agents.ipmi;

import java.util.Arrays;

/**
 * Protects and unprotects IPMI messages of an established RMCP+ session (IPMI 2.0 sections 13.28-13.29):
 * AES-CBC-128 with the 1..N confidentiality pad, and the integrity trailer (0xff pad to a multiple of
 * four, pad length, next header 0x07, truncated HMAC over AuthType..NextHeader with K1).
 */
public final class Rmcp20Crypt {
    private static final int NEXT_HEADER = 0x07;

    private Rmcp20Crypt() {
    }

    /**
     * Builds a session datagram carrying an IPMI message.
     *
     * @param iv 16 random bytes; used only when the suite encrypts
     */
    public static byte[] wrap(SessionKeys keys, int sessionId, int sequence, byte[] message, byte[] iv) {
        CipherSuite suite = keys.suite();
        byte[] payload = suite.encrypted ? Bytes.concat(iv, encrypt(keys, iv, message)) : message;
        boolean authenticated = suite.integrity != CipherSuite.Integrity.NONE;
        int typeByte = (suite.encrypted ? 0x80 : 0) | (authenticated ? 0x40 : 0);
        if (!authenticated) {
            return LanCodec.encodeRmcp20Plain(typeByte, sessionId, sequence, payload);
        }
        int pad = (4 - (12 + payload.length + 2) % 4) % 4;
        int icv = suite.integrity.icvBytes;
        byte[] out = LanCodec.rmcp20Header(typeByte, sessionId, sequence, payload, pad + 2 + icv);
        int offset = 16 + payload.length;
        Arrays.fill(out, offset, offset + pad, (byte) 0xff);
        out[offset + pad] = (byte) pad;
        out[offset + pad + 1] = NEXT_HEADER;
        int signedEnd = offset + pad + 2;
        byte[] code = IpmiCrypto.hmac(suite.integrity.jcaName, keys.k1(), Arrays.copyOfRange(out, 4, signedEnd));
        System.arraycopy(code, 0, out, signedEnd, icv);
        return out;
    }

    /** Checks the integrity trailer and decrypts; returns the IPMI message bytes. */
    public static byte[] unwrap(SessionKeys keys, LanPacket.Rmcp20 packet) throws WireException {
        CipherSuite suite = keys.suite();
        boolean wantAuth = suite.integrity != CipherSuite.Integrity.NONE;
        if (packet.authenticated() != wantAuth || packet.encrypted() != suite.encrypted) {
            throw new WireException("payload protection bits do not match cipher suite " + suite.id);
        }
        if (wantAuth) {
            checkIntegrity(keys, packet);
        }
        return suite.encrypted ? decrypt(keys, packet.payload()) : packet.payload();
    }

    private static void checkIntegrity(SessionKeys keys, LanPacket.Rmcp20 packet) throws WireException {
        int icv = keys.suite().integrity.icvBytes;
        byte[] trailer = packet.trailer();
        if (trailer.length < icv + 2) {
            throw new WireException("integrity trailer too short");
        }
        int padLength = trailer[trailer.length - icv - 2] & 0xff;
        if (padLength != trailer.length - icv - 2 || padLength > 3
                || (trailer[trailer.length - icv - 1] & 0xff) != NEXT_HEADER) {
            throw new WireException("malformed integrity trailer");
        }
        byte[] raw = packet.raw();
        byte[] signed = Arrays.copyOfRange(raw, 4, raw.length - icv);
        byte[] expected = Arrays.copyOf(IpmiCrypto.hmac(keys.suite().integrity.jcaName, keys.k1(), signed), icv);
        if (!IpmiCrypto.constantTimeEquals(expected, Arrays.copyOfRange(raw, raw.length - icv, raw.length))) {
            throw new WireException("AuthCode mismatch (wrong key or corrupted packet)");
        }
    }

    static byte[] encrypt(SessionKeys keys, byte[] iv, byte[] message) {
        int padCount = (16 - (message.length + 1) % 16) % 16;
        byte[] plain = new byte[message.length + padCount + 1];
        System.arraycopy(message, 0, plain, 0, message.length);
        for (int i = 0; i < padCount; i++) {
            plain[message.length + i] = (byte) (i + 1);
        }
        plain[plain.length - 1] = (byte) padCount;
        return IpmiCrypto.aesCbc(true, keys.aesKey(), iv, plain);
    }

    static byte[] decrypt(SessionKeys keys, byte[] payload) throws WireException {
        if (payload.length < 32 || payload.length % 16 != 0) {
            throw new WireException("encrypted payload of " + payload.length + " bytes is not IV + whole blocks");
        }
        byte[] plain = IpmiCrypto.aesCbc(false, keys.aesKey(), Arrays.copyOf(payload, 16),
                Arrays.copyOfRange(payload, 16, payload.length));
        int padCount = plain[plain.length - 1] & 0xff;
        if (padCount > 15 || padCount + 1 > plain.length) {
            throw new WireException("bad confidentiality pad length " + padCount);
        }
        int messageLength = plain.length - padCount - 1;
        for (int i = 0; i < padCount; i++) {
            if ((plain[messageLength + i] & 0xff) != i + 1) {
                throw new WireException("bad confidentiality pad (wrong key or corrupted packet)");
            }
        }
        return Arrays.copyOf(plain, messageLength);
    }
}
