package org.corral.fence.agents.ipmi;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of IPMI over LAN, from the JDK's javax.crypto: HMAC-SHA1/SHA256, AES-CBC-128 without
 * padding (IPMI pads itself), MD5 for IPMI 1.5 auth codes, and the RAKP key arithmetic.
 */
public final class IpmiCrypto {
    /** Longest password IPMI 2.0 allows (Kuid is the password zero-padded to 20 bytes). */
    public static final int PASSWORD_BYTES_MAX = 20;

    private IpmiCrypto() {
    }

    public static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // An empty key is legal in IPMI (empty password) but not for SecretKeySpec; HMAC pads keys
            // with zeros, so an all-zero key gives the same result.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[PASSWORD_BYTES_MAX] : key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    public static byte[] aesCbc(boolean encrypt, byte[] key16, byte[] iv, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key16, 0, 16, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC failed", e);
        }
    }

    public static byte[] md5(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks MD5", e);
        }
    }

    /** Kuid: the password bytes zero-padded to 20 (HMAC gives the same result padded or not). */
    public static byte[] kuid(byte[] password) {
        if (password.length > PASSWORD_BYTES_MAX) {
            throw new IllegalArgumentException("password longer than " + PASSWORD_BYTES_MAX + " bytes");
        }
        return Arrays.copyOf(password, PASSWORD_BYTES_MAX);
    }

    /** A 16-byte IPMI 1.5 password field. */
    public static byte[] password16(byte[] password) {
        return Arrays.copyOf(password, 16);
    }

    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
