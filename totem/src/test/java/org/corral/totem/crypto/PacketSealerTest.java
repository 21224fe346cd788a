package org.corral.totem.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.corral.totem.core.NodeId;
import org.corral.totem.core.TokenHoldCancel;
import org.corral.totem.core.RingId;
import org.corral.totem.wire.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secauth: round trips, wrong keys, tampering, replay, mode mixing, key files. */
class PacketSealerTest {
    static final NodeId N1 = NodeId.of(1);
    static final NodeId N2 = NodeId.of(2);
    static final byte[] PACKET = WireCodec.encode(new TokenHoldCancel(N1, new RingId(N1, 4)), 0);

    static PacketSealer sealer(NodeId self, String name) {
        return PacketSealer.secauth(self, TotemKey.fromClusterName(name), 2, 1000);
    }

    @Test
    void sealedFramesOpenWithTheSameKeyAndHideThePacket() throws Exception {
        byte[] frame = sealer(N1, "alpha").seal(0, PACKET);
        assertEquals(PACKET.length + PacketSealer.OVERHEAD_BYTES, frame.length);
        assertFalse(indexOf(frame, Arrays.copyOfRange(PACKET, 13, PACKET.length)), "ring id must not appear in clear");
        assertArrayEquals(PACKET, sealer(N2, "alpha").open(0, frame, frame.length));
    }

    @Test
    void aWrongKeyAnAlteredFrameAndTheOtherRingAreRejected() {
        PacketSealer sender = sealer(N1, "alpha");
        PacketSealer stranger = sealer(N2, "beta");
        byte[] frame = sender.seal(0, PACKET);
        assertEquals(PacketSealer.Rejection.AUTHENTICATION,
                assertThrows(CryptoException.class, () -> stranger.open(0, frame, frame.length)).reason());
        PacketSealer receiver = sealer(N2, "alpha");
        for (int i = 0; i < frame.length; i++) {
            byte[] altered = frame.clone();
            altered[i] ^= 0x01;
            assertThrows(CryptoException.class, () -> receiver.open(0, altered, altered.length), "byte " + i);
        }
        assertThrows(CryptoException.class, () -> receiver.open(1, frame, frame.length), "ring 0 frames are useless on ring 1");
        assertEquals(2 + frame.length, stranger.rejectedTotal() + receiver.rejectedTotal());
    }

    @Test
    void replayedFramesAreRejectedButReorderingInsideTheWindowIsNot() throws Exception {
        PacketSealer sender = sealer(N1, "alpha");
        PacketSealer receiver = sealer(N2, "alpha");
        byte[][] frames = new byte[100][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = sender.seal(0, PACKET);
        }
        receiver.open(0, frames[5], frames[5].length);
        receiver.open(0, frames[3], frames[3].length);
        assertEquals(PacketSealer.Rejection.REPLAY,
                assertThrows(CryptoException.class, () -> receiver.open(0, frames[5], frames[5].length)).reason());
        receiver.open(0, frames[99], frames[99].length);
        assertThrows(CryptoException.class, () -> receiver.open(0, frames[4], frames[4].length), "older than the window");
        receiver.open(0, frames[98], frames[98].length);
        assertThrows(CryptoException.class, () -> receiver.open(0, frames[98], frames[98].length));
        assertEquals(3L, receiver.rejectedCounters().get("rx_rejected_replay"));
    }

    @Test
    void secauthOnAndOffDoNotMix() throws Exception {
        PacketSealer on = sealer(N1, "alpha");
        PacketSealer off = PacketSealer.plain(N2, 1);
        byte[] plainFrame = off.seal(0, PACKET);
        assertArrayEquals(PACKET, PacketSealer.plain(N1, 1).open(0, plainFrame, plainFrame.length));
        assertEquals(PacketSealer.Rejection.MODE_MISMATCH,
                assertThrows(CryptoException.class, () -> on.open(0, plainFrame, plainFrame.length)).reason());
        byte[] sealed = on.seal(0, PACKET);
        assertEquals(PacketSealer.Rejection.MODE_MISMATCH,
                assertThrows(CryptoException.class, () -> off.open(0, sealed, sealed.length)).reason());
    }

    @Test
    void clusterNameKeyIsPaddedLikeCman() {
        assertArrayEquals("abc\0".getBytes(StandardCharsets.US_ASCII), TotemKey.fromClusterName("abc").material());
        assertArrayEquals("abcd\0\0\0\0".getBytes(StandardCharsets.US_ASCII), TotemKey.fromClusterName("abcd").material());
        assertThrows(IllegalArgumentException.class, () -> TotemKey.fromClusterName("a-name-of-16-chr"));
    }

    @Test
    void keyFilesMustBePrivateAndSized(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("authkey");
        Files.write(key, new byte[128]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String refused = assertThrows(IllegalArgumentException.class, () -> TotemKey.fromFile(key)).getMessage();
        assertTrue(refused.contains("group or others") && refused.contains("chmod 600"), refused);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertEquals("key file " + key, TotemKey.fromFile(key).origin());
        Files.write(key, new byte[64]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TotemKey.fromFile(key)).getMessage().contains("128 to 4096"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TotemKey.fromFile(dir.resolve("none"))).getMessage()
                .contains("does not exist"));
    }

    private static boolean indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** RFC 5869 test case A.1: the first 32 bytes of its 42-byte OKM are the one block derive uses. */
    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c");
        byte[] info = java.util.HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf",
                java.util.HexFormat.of().formatHex(PacketSealer.hkdfSha256Block(salt, ikm, info)));
    }
}
