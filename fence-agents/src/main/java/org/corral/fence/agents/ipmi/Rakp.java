package org.corral.fence.agents.ipmi;

import java.util.Arrays;

/**
 * The RAKP exchange's arithmetic (IPMI 2.0 section 13.31), shared by console and BMC.
 * All inputs are the raw fields as they travel; session ids are in wire (little-endian) order.
 *
 * @param suite     negotiated cipher suite
 * @param sidm      console session id, 4 bytes as sent
 * @param sidc      BMC session id, 4 bytes as sent
 * @param rm        console random, 16 bytes
 * @param rc        BMC random, 16 bytes
 * @param guidc     BMC GUID, 16 bytes
 * @param rolem     requested role byte of RAKP1 (privilege | name-only-lookup bit)
 * @param userName  user name bytes (0..16)
 */
public record Rakp(CipherSuite suite, byte[] sidm, byte[] sidc, byte[] rm, byte[] rc, byte[] guidc, int rolem,
                   byte[] userName) {

    public static final int USER_NAME_BYTES_MAX = 16;

    public Rakp {
        if (sidm.length != 4 || sidc.length != 4 || rm.length != 16 || rc.length != 16 || guidc.length != 16
                || userName.length > USER_NAME_BYTES_MAX) {
            throw new IllegalArgumentException("RAKP field of wrong size");
        }
    }

    private byte[] nameField() {
        return Bytes.concat(new byte[] {(byte) rolem, (byte) userName.length}, userName);
    }

    private byte[] hmac(byte[] key, byte[] data) {
        if (suite.auth == CipherSuite.Auth.NONE) {
            return new byte[0];
        }
        return IpmiCrypto.hmac(suite.auth.jcaName, key, data);
    }

    /** RAKP2 key exchange auth code: HMAC_Kuid(SIDm | SIDc | Rm | Rc | GUIDc | ROLEm | ULEN | UNAME). */
    public byte[] rakp2Code(byte[] kuid) {
        return hmac(kuid, Bytes.concat(sidm, sidc, rm, rc, guidc, nameField()));
    }

    /** RAKP3 auth code: HMAC_Kuid(Rc | SIDm | ROLEm | ULEN | UNAME). */
    public byte[] rakp3Code(byte[] kuid) {
        return hmac(kuid, Bytes.concat(rc, sidm, nameField()));
    }

    /** Session integrity key: HMAC_KG(Rm | Rc | ROLEm | ULEN | UNAME), KG = BMC key or Kuid. */
    public byte[] sik(byte[] kg) {
        return hmac(kg, Bytes.concat(rm, rc, nameField()));
    }

    /** RAKP4 integrity check value: HMAC_SIK(Rm | SIDc | GUIDc), truncated. */
    public byte[] rakp4Icv(byte[] sik) {
        byte[] full = hmac(sik, Bytes.concat(rm, sidc, guidc));
        return Arrays.copyOf(full, suite.rakp4IcvBytes());
    }

    /** K1 (integrity) and K2 (AES key source): HMAC_SIK(constant byte repeated 20 times). */
    public SessionKeys keys(byte[] kg) {
        byte[] sik = sik(kg);
        if (suite.auth == CipherSuite.Auth.NONE) {
            return new SessionKeys(suite, new byte[0], new byte[0], new byte[0]);
        }
        byte[] ones = new byte[20];
        Arrays.fill(ones, (byte) 1);
        byte[] twos = new byte[20];
        Arrays.fill(twos, (byte) 2);
        return new SessionKeys(suite, sik, hmac(sik, ones), hmac(sik, twos));
    }
}
