package org.corral.totem.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.corral.totem.base.Check;
import org.corral.totem.core.NodeId;

/**
 * secauth: seals every outgoing totem frame and opens every incoming one (reference/corosync.md
 * A4 for what corosync did; this is a modern replacement, not a copy of its format).
 *
 * <p>Frame: {@code [u8 cipher (1 aes256-gcm, 0 none)][u8 format 1][u16 0][nonce 12: u32 sender
 * nodeid, u64 counter][AES-256-GCM ciphertext + 16-byte tag]}; the first 16 bytes are the
 * associated data, so nothing in the frame can be altered. With secauth off the frame is the
 * 4-byte header and the plain packet: a node of either kind rejects the other's frames, so the
 * two settings never mix in one ring.
 *
 * <p>Keys per purpose: HKDF-SHA256 over the {@link TotemKey} with the info string
 * "corral totem v1 ring N packets" gives each ring its own AES-256 key, so a frame captured on
 * one ring is worthless on the other.
 *
 * <p>Fresh nonces: the counter starts at the shell's {@code initialCounter} (wall-clock ms x 1024,
 * so a restarted node starts above anything it sent before unless the clock went back) and grows
 * by one per frame; a nonce is never reused under one key.
 *
 * <p>Replay: per ring and sender, the highest counter seen and a 64-frame window below it
 * (IPsec's anti-replay window). A frame at or below the window, or already seen, is rejected
 * before it can reach the processor. State is one small entry per authenticated sender (at most
 * {@link NodeId#VALUE_MAX} per ring).
 *
 * <p>AES-GCM runs in the JDK's provider, whose AES and GHASH are CPU intrinsics (AES-NI, CLMUL):
 * about ten times the pure-Java cipher this class used first, which was half of corrald's CPU
 * under load. HKDF (RFC 5869) is written out over the JDK's HMAC-SHA256: one 32-byte block, so
 * expand is a single HMAC; no third-party provider is loaded at start.
 *
 * <p>Not thread-safe: the shell's one event loop owns it.
 */
public final class PacketSealer {
    public static final int CIPHER_NONE = 0;
    public static final int CIPHER_AES256_GCM = 1;
    public static final int FORMAT = 1;
    public static final int HEADER_BYTES = 4;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** What a sealed frame adds to the packet (32 B; the core reserves 72 B, corosync 2's aes256/sha1 reserve). */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
    public static final int REPLAY_WINDOW = 64;
    /** Where the wire header keeps the sender node id (after magic u16, version, type, encapsulated). */
    private static final int PLAIN_SENDER_OFFSET = 5;

    public enum Rejection { MALFORMED, MODE_MISMATCH, AUTHENTICATION, REPLAY }

    private record Window(long highest, long seenBits) {}

    private final boolean secauth;
    private final NodeId self;
    private final SecretKeySpec[] ringKeys;
    private final Cipher sealing = gcm();
    private final Cipher opening = gcm();
    private final java.util.List<TreeMap<Integer, Window>> windows = new java.util.ArrayList<>();
    private final EnumMap<Rejection, Long> rejected = new EnumMap<>(Rejection.class);
    private long counter;

    /** secauth on: {@code key} must be present. */
    private PacketSealer(boolean secauth, NodeId self, TotemKey key, int rings, long initialCounter) {
        Check.argument(self != null && rings >= 1 && rings <= 2, "sealer needs a node and 1..2 rings");
        Check.argument(initialCounter >= 0 && initialCounter < Long.MAX_VALUE / 2, "initial counter out of range");
        this.secauth = secauth;
        this.self = self;
        this.counter = initialCounter;
        this.ringKeys = new SecretKeySpec[rings];
        for (int ring = 0; ring < rings; ring++) {
            windows.add(new TreeMap<>());
            ringKeys[ring] = secauth ? new SecretKeySpec(derive(key, "corral totem v1 ring " + ring + " packets"), "AES") : null;
        }
        for (Rejection r : Rejection.values()) {
            rejected.put(r, 0L);
        }
    }

    public static PacketSealer secauth(NodeId self, TotemKey key, int rings, long initialCounter) {
        Check.argument(key != null, "secauth needs a key");
        return new PacketSealer(true, self, key, rings, initialCounter);
    }

    public static PacketSealer plain(NodeId self, int rings) {
        return new PacketSealer(false, self, null, rings, 0);
    }

    public boolean secauthOn() {
        return secauth;
    }

    public int overheadBytes() {
        return secauth ? OVERHEAD_BYTES : HEADER_BYTES;
    }

    private static Cipher gcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM/NoPadding: " + e.getMessage(), e);
        }
    }

    private static byte[] derive(TotemKey key, String info) {
        byte[] material = key.material();
        try {
            return hkdfSha256Block(SALT, material, info.getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private static final byte[] SALT = "corral-totem".getBytes(StandardCharsets.US_ASCII);

    /** HKDF-SHA256 (RFC 5869): extract, then the first 32-byte block of expand (a single HMAC). */
    static byte[] hkdfSha256Block(byte[] salt, byte[] inputKey, byte[] info) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] pseudoRandomKey = hmac.doFinal(inputKey);
            hmac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            hmac.update(info);
            hmac.update((byte) 1);
            return hmac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256: " + e.getMessage(), e);
        }
    }

    /** Seals one encoded packet for {@code ring}. */
    public byte[] seal(int ring, byte[] packet) {
        Check.argument(ring >= 0 && ring < ringKeys.length && packet != null, "seal: bad ring or packet");
        if (!secauth) {
            byte[] frame = new byte[HEADER_BYTES + packet.length];
            frame[0] = CIPHER_NONE;
            frame[1] = FORMAT;
            System.arraycopy(packet, 0, frame, HEADER_BYTES, packet.length);
            return frame;
        }
        long nonceCounter = counter++;
        byte[] frame = new byte[OVERHEAD_BYTES + packet.length];
        ByteBuffer head = ByteBuffer.wrap(frame);
        head.put((byte) CIPHER_AES256_GCM).put((byte) FORMAT).putShort((short) 0);
        head.putInt(self.value()).putLong(nonceCounter);
        try {
            sealing.init(Cipher.ENCRYPT_MODE, ringKeys[ring], nonceSpec(frame));
            sealing.updateAAD(frame, 0, HEADER_BYTES + NONCE_BYTES);
            sealing.doFinal(packet, 0, packet.length, frame, HEADER_BYTES + NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
        return frame;
    }

    /**
     * Opens a frame received on {@code ring}; returns the packet. Every failure is counted and
     * thrown as a one-line {@link CryptoException}; nothing is remembered from a failed frame.
     */
    public byte[] open(int ring, byte[] frame, int length) throws CryptoException {
        Check.argument(ring >= 0 && ring < ringKeys.length && frame != null && length <= frame.length, "open: bad ring or frame");
        if (length < HEADER_BYTES || (frame[1] & 0xFF) != FORMAT || frame[2] != 0 || frame[3] != 0) {
            throw reject(Rejection.MALFORMED, "frame header is malformed");
        }
        int cipherType = frame[0] & 0xFF;
        if (cipherType != (secauth ? CIPHER_AES256_GCM : CIPHER_NONE)) {
            throw reject(Rejection.MODE_MISMATCH, "frame with cipher " + cipherType + " but secauth is " + (secauth ? "on" : "off"));
        }
        if (!secauth) {
            return Arrays.copyOfRange(frame, HEADER_BYTES, length);
        }
        if (length < OVERHEAD_BYTES + PLAIN_SENDER_OFFSET + 4) {
            throw reject(Rejection.MALFORMED, "sealed frame of " + length + " bytes is too short");
        }
        ByteBuffer head = ByteBuffer.wrap(frame, HEADER_BYTES, NONCE_BYTES);
        int sender = head.getInt();
        long nonceCounter = head.getLong();
        if (sender < 1 || sender > NodeId.VALUE_MAX || nonceCounter < 0) {
            throw reject(Rejection.MALFORMED, "nonce names node " + sender);
        }
        Window window = windows.get(ring).get(sender);
        if (isReplay(window, nonceCounter)) {
            throw reject(Rejection.REPLAY, "frame " + nonceCounter + " from node " + sender + " was seen before");
        }
        byte[] plain = decrypt(ring, frame, length);
        int plainSender = ByteBuffer.wrap(plain, PLAIN_SENDER_OFFSET, 4).getInt();
        if (plainSender != sender) {
            throw reject(Rejection.AUTHENTICATION, "nonce of node " + sender + " on a packet of node " + plainSender);
        }
        windows.get(ring).put(sender, advance(window, nonceCounter));
        return plain;
    }

    private byte[] decrypt(int ring, byte[] frame, int length) throws CryptoException {
        int cipherLength = length - HEADER_BYTES - NONCE_BYTES;
        byte[] plain = new byte[cipherLength - TAG_BYTES];
        try {
            opening.init(Cipher.DECRYPT_MODE, ringKeys[ring], nonceSpec(frame));
            opening.updateAAD(frame, 0, HEADER_BYTES + NONCE_BYTES);
            opening.doFinal(frame, HEADER_BYTES + NONCE_BYTES, cipherLength, plain, 0);
        } catch (AEADBadTagException e) {
            throw reject(Rejection.AUTHENTICATION, "frame failed authentication (wrong key or altered)");
        } catch (GeneralSecurityException e) {
            throw reject(Rejection.MALFORMED, "frame could not be opened: " + e.getMessage());
        }
        return plain;
    }

    /** The frame's 12 nonce bytes (sender node id and counter) with a 128-bit tag. */
    private static GCMParameterSpec nonceSpec(byte[] frame) {
        return new GCMParameterSpec(TAG_BYTES * 8, frame, HEADER_BYTES, NONCE_BYTES);
    }

    private static boolean isReplay(Window window, long value) {
        if (window == null || value > window.highest) {
            return false;
        }
        long behind = window.highest - value;
        return behind >= REPLAY_WINDOW || (window.seenBits & (1L << behind)) != 0;
    }

    private static Window advance(Window window, long value) {
        if (window == null) {
            return new Window(value, 1L);
        }
        if (value > window.highest) {
            long shift = value - window.highest;
            long bits = shift >= REPLAY_WINDOW ? 0 : window.seenBits << shift;
            return new Window(value, bits | 1L);
        }
        return new Window(window.highest, window.seenBits | (1L << (window.highest - value)));
    }

    private CryptoException reject(Rejection reason, String message) {
        rejected.merge(reason, 1L, Long::sum);
        return new CryptoException(reason, message);
    }

    /** Rejected frames by reason, in a stable order. */
    public Map<String, Long> rejectedCounters() {
        Map<String, Long> out = new LinkedHashMap<>();
        rejected.forEach((reason, count) -> out.put("rx_rejected_" + reason.name().toLowerCase(java.util.Locale.ROOT), count));
        return out;
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
