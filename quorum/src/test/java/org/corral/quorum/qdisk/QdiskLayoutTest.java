package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QdiskLayoutTest {
    static final StatusBlock BLOCK = new StatusBlock(3, 123_456_789L, 3, DiskState.MASTER, 1, 2, 3, 1_500_000,
            2_000_001, 0xDEADBEEFL, DiskMessage.ACK, 65535, 2, 0b1010_0000_0000_0101, 0b1000_0000_0000_0001);

    @Test
    void offsetsFollowQdiskd() {
        assertEquals(4096, QdiskLayout.slotSize(512));
        assertEquals(8192, QdiskLayout.slotSize(8192));
        assertEquals(4096, QdiskLayout.statusOffset(1, 512));
        assertEquals(4096 + 15 * 4096, QdiskLayout.statusOffset(16, 512));
        assertEquals(18 * 4096, QdiskLayout.deviceBytesMin(512));
    }

    @Test
    void statusBlocksRoundTrip() {
        byte[] slot = QdiskLayout.encodeStatus(BLOCK, 4096);
        assertEquals(4096, slot.length);
        assertEquals(new Decoded.Ok<>(BLOCK), QdiskLayout.decodeStatus(slot));
        assertEquals(0x00, slot[0]);
        assertEquals((byte) 0xDE, slot[1], "shared header magic 0x00DEBB1E, big-endian");
    }

    @Test
    void headerRoundTrips() {
        QuorumHeader header = new QuorumHeader(1_600_552_728L, "node03", "cluster_qdisk", 512, 512);
        assertEquals(new Decoded.Ok<>(header), QdiskLayout.decodeHeader(QdiskLayout.encodeHeader(header, 4096)));
    }

    @Test
    void corruptionIsRefusedNotThrown() {
        byte[] slot = QdiskLayout.encodeStatus(BLOCK, 4096);
        for (int index : new int[] {0, 5, 9, 13, 40, 60, 100}) {
            byte[] bad = slot.clone();
            bad[index] ^= 0x10;
            assertTrue(QdiskLayout.decodeStatus(bad) instanceof Decoded.Invalid<StatusBlock>, "byte " + index);
        }
        assertTrue(QdiskLayout.decodeStatus(new byte[10]) instanceof Decoded.Invalid<StatusBlock>);
        assertTrue(QdiskLayout.decodeStatus(new byte[4096]) instanceof Decoded.Invalid<StatusBlock>);
        assertTrue(QdiskLayout.decodeHeader(slot) instanceof Decoded.Invalid<QuorumHeader>, "a status block is no header");
        assertEquals(new Decoded.Invalid<>("bad block magic 00000000"), QdiskLayout.decodeHeader(new byte[4096]));
    }
}
