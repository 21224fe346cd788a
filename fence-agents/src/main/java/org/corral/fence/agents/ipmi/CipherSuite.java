package org.corral.fence.agents.ipmi;

import java.util.Arrays;
import java.util.Optional;

/**
 * The RMCP+ cipher suites we speak: authentication (RAKP), integrity and confidentiality algorithms,
 * with their numbers on the wire (IPMI 2.0 table 22-19/22-20).
 */
public enum CipherSuite {
    SUITE_0(0, Auth.NONE, Integrity.NONE, false),
    SUITE_1(1, Auth.HMAC_SHA1, Integrity.NONE, false),
    SUITE_2(2, Auth.HMAC_SHA1, Integrity.HMAC_SHA1_96, false),
    SUITE_3(3, Auth.HMAC_SHA1, Integrity.HMAC_SHA1_96, true),
    SUITE_17(17, Auth.HMAC_SHA256, Integrity.HMAC_SHA256_128, true);

    /** RAKP authentication algorithms: the HMAC used for RAKP codes and key derivation. */
    public enum Auth {
        NONE(0, null, 0), HMAC_SHA1(1, "HmacSHA1", 20), HMAC_SHA256(3, "HmacSHA256", 32);

        public final int number;
        public final String jcaName;
        /** Length of the RAKP2/RAKP3 codes and of SIK/K1/K2. */
        public final int codeBytes;

        Auth(int number, String jcaName, int codeBytes) {
            this.number = number;
            this.jcaName = jcaName;
            this.codeBytes = codeBytes;
        }
    }

    /** Per-packet integrity algorithms; {@code icvBytes} is the truncated AuthCode length. */
    public enum Integrity {
        NONE(0, null, 0), HMAC_SHA1_96(1, "HmacSHA1", 12), HMAC_SHA256_128(4, "HmacSHA256", 16);

        public final int number;
        public final String jcaName;
        public final int icvBytes;

        Integrity(int number, String jcaName, int icvBytes) {
            this.number = number;
            this.jcaName = jcaName;
            this.icvBytes = icvBytes;
        }
    }

    public static final int CONFIDENTIALITY_NONE = 0;
    public static final int CONFIDENTIALITY_AES_CBC_128 = 1;

    public final int id;
    public final Auth auth;
    public final Integrity integrity;
    public final boolean encrypted;

    CipherSuite(int id, Auth auth, Integrity integrity, boolean encrypted) {
        this.id = id;
        this.auth = auth;
        this.integrity = integrity;
        this.encrypted = encrypted;
    }

    public int confidentialityNumber() {
        return encrypted ? CONFIDENTIALITY_AES_CBC_128 : CONFIDENTIALITY_NONE;
    }

    /** RAKP4 integrity check length: 12 for SHA1, 16 for SHA256, none without authentication. */
    public int rakp4IcvBytes() {
        return switch (auth) {
            case NONE -> 0;
            case HMAC_SHA1 -> 12;
            case HMAC_SHA256 -> 16;
        };
    }

    public static Optional<CipherSuite> byId(int id) {
        return Arrays.stream(values()).filter(s -> s.id == id).findFirst();
    }

    /** The suite with exactly these algorithm numbers, if we support it. */
    public static Optional<CipherSuite> byAlgorithms(int auth, int integrity, int confidentiality) {
        return Arrays.stream(values()).filter(s -> s.auth.number == auth && s.integrity.number == integrity
                && s.confidentialityNumber() == confidentiality).findFirst();
    }
}
