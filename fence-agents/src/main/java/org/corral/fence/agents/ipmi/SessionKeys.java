package org.corral.fence.agents.ipmi;

import java.util.Arrays;

/**
 * The keys of an established RMCP+ session.
 *
 * @param suite the cipher suite
 * @param sik   session integrity key
 * @param k1    integrity key (per-packet AuthCode)
 * @param k2    confidentiality key source (AES key = first 16 bytes)
 */
public record SessionKeys(CipherSuite suite, byte[] sik, byte[] k1, byte[] k2) {

    public byte[] aesKey() {
        return Arrays.copyOf(k2, 16);
    }

    @Override
    public String toString() {
        return "SessionKeys[" + suite + ", keys hidden]";
    }
}
