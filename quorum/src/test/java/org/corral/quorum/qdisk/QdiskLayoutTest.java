package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * qdiskd's on-disk bytes, built by hand from cman/qdisk/disk.h and disk.c (see docs/qdisk.md). The
 * CRC values in the vectors were computed outside Java, with zlib's crc32 (the function qdiskd
 * calls), over the bytes shown.
 */
class QdiskLayoutTest {
    static final HexFormat HEX = HexFormat.of();

    static final StatusBlock BLOCK = new StatusBlock(3, 123_456_789L, 3, DiskState.MASTER, 1, 2, 3, 1_500_000,
            2_000_001, 0xDEADBEEFL, DiskMessage.ACK, 65535, 2, 0b1010_0000_0000_0101, 0b1000_0000_0000_0001);

    /** Node 2's block as a running master writes it. */
    static final StatusBlock GOLDEN_BLOCK = new StatusBlock(2, 1_795_316_654L, 2, DiskState.MASTER, 0, 0, 0, 1234,
            567, 0x0102030405060708L, DiskMessage.BID, 7, 2, 0x8103, 0x0002);

    static final String GOLDEN_BLOCK_HEX = ""
            // shared_header_t, little-endian
            + "1ebbde00" // h_magic 0x00DEBB1E
            + "dbac770e" // h_hcrc 0x0e77acdb: CRC-32 of these 32 bytes with h_hcrc = 0
            + "800d0d5d" // h_dcrc 0x5d0d0d80: CRC-32 of the 80 data bytes below
            + "50000000" // h_length 80
            + "0000000000000000" // h_view 0
            + "ae5b026b00000000" // h_timestamp 1795316654
            // status_block_t, big-endian but for ps_incarnation
            + "47bacef8" // ps_magic STATE_MAGIC_NUMBER
            + "00000002" // ps_updatenode 2
            + "000000006b025bae" // ps_timestamp 1795316654
            + "00000002" // ps_nodeid 2
            + "00000000" // pad0
            + "06" // ps_state S_MASTER
            + "00" // pad1
            + "0000" // ps_flags
            + "0000" // ps_score
            + "0000" // ps_scoremax
            + "00000000" + "000004d2" // ps_ca_sec 0, ps_ca_usec 1234
            + "00000000" + "00000237" // ps_lc_sec 0, ps_lc_usec 567
            + "0807060504030201" // ps_incarnation 0x0102030405060708, host (x86) order
            + "0001" // ps_msg M_BID
            + "0007" // ps_seq 7
            + "00000002" // ps_arg 2
            + "0381000000000000" // ps_mask: nodes 1,2 (byte 0 bits 0,1), 9,16 (byte 1 bits 0,7)
            + "0200000000000000"; // ps_master_mask: node 2

    static final QuorumHeader GOLDEN_HEADER = new QuorumHeader(1_600_552_728L, "node03", "cluster_qdisk", 512, 0);

    static String goldenHeaderHex() {
        return ""
                // shared_header_t, little-endian
                + "1ebbde00" // h_magic
                + "9290331f" // h_hcrc 0x1f339092
                + "bd04faaf" // h_dcrc 0xaffa04bd over the 272 bytes below
                + "10010000" // h_length 272
                + "0000000000000000" // h_view
                + "187f665f00000000" // h_timestamp 1600552728
                // quorum_header_t, big-endian
                + "eb7a62c2" // qh_magic HEADER_MAGIC_NUMBER
                + "389fabc4" // qh_version VERSION_MAGIC_V2
                + "000000005f667f18" // qh_timestamp 1600552728
                + padded("node03", 128) // qh_updatehost[128]
                + padded("cluster_qdisk", 120) // qh_cluster[120], the label
                + "00000200" // qh_blksz 512
                + "00000000"; // qh_kernsz: mkqdisk writes 0
    }

    static String padded(String text, int size) {
        byte[] field = new byte[size];
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, field, 0, bytes.length);
        return HEX.formatHex(field);
    }

    static byte[] slotOf(String hex, int slotSize) {
        byte[] bytes = HEX.parseHex(hex);
        byte[] slot = new byte[slotSize];
        System.arraycopy(bytes, 0, slot, 0, bytes.length);
        return slot;
    }

    @Test
    void crcIsZlibCrc32() {
        CRC32 crc = new CRC32();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xCBF43926L, crc.getValue(), "CRC-32/ISO-HDLC check value");
        assertEquals(0xCBF43926, SharedHeader.crc("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    }

    @Test
    void statusBlockMatchesTheHandBuiltVector() {
        byte[] golden = slotOf(GOLDEN_BLOCK_HEX, 4096);
        assertArrayEquals(golden, QdiskLayout.encodeStatus(GOLDEN_BLOCK, 4096));
        assertEquals(new Decoded.Ok<>(GOLDEN_BLOCK), QdiskLayout.decodeStatus(golden));
    }

    @Test
    void headerMatchesTheHandBuiltVector() {
        byte[] golden = slotOf(goldenHeaderHex(), 4096);
        assertEquals(32 + 272, HEX.parseHex(goldenHeaderHex()).length);
        assertArrayEquals(golden, QdiskLayout.encodeHeader(GOLDEN_HEADER, 4096));
        assertEquals(new Decoded.Ok<>(GOLDEN_HEADER), QdiskLayout.decodeHeader(golden));
    }

    @Test
    void offsetsFollowQdiskd() {
        assertEquals(4096, QdiskLayout.slotSize(512));
        assertEquals(8192, QdiskLayout.slotSize(8192));
        assertEquals(4096, QdiskLayout.statusOffset(1, 512));
        assertEquals(4096 + 15 * 4096, QdiskLayout.statusOffset(16, 512));
        assertEquals(2 * 8192, QdiskLayout.statusOffset(2, 8192));
        assertEquals(18 * 4096, QdiskLayout.deviceBytesMin(512));
    }

    @Test
    void corruptionIsRefusedWithOneLineReasons() {
        byte[] slot = QdiskLayout.encodeStatus(BLOCK, 4096);
        for (int index = 0; index < 32 + 80; index++) {
            byte[] bad = slot.clone();
            bad[index] ^= 0x10;
            Decoded<StatusBlock> decoded = QdiskLayout.decodeStatus(bad);
            assertTrue(decoded instanceof Decoded.Invalid<StatusBlock>, "byte " + index);
            String reason = ((Decoded.Invalid<StatusBlock>) decoded).reason();
            assertTrue(!reason.isEmpty() && !reason.contains("\n"), reason);
        }
        byte[] badMagic = slot.clone();
        badMagic[0] = 0x1f;
        assertEquals(new Decoded.Invalid<>("bad block magic 00debb1f (expected 00debb1e)"),
                QdiskLayout.decodeStatus(badMagic));
        byte[] badData = slot.clone();
        badData[32 + 24] = 5; // state MASTER -> RUN without a new CRC
        assertTrue(reason(QdiskLayout.decodeStatus(badData)).startsWith("block data CRC mismatch (stored "));
        byte[] badHeader = slot.clone();
        badHeader[24] ^= 1; // h_timestamp
        assertTrue(reason(QdiskLayout.decodeStatus(badHeader)).startsWith("block header CRC mismatch (stored "));
        assertEquals(new Decoded.Invalid<>("short block: 10 bytes, need 112"), QdiskLayout.decodeStatus(new byte[10]));
        assertEquals(new Decoded.Invalid<>("bad block magic 00000000 (expected 00debb1e)"),
                QdiskLayout.decodeHeader(new byte[4096]));
        assertEquals(new Decoded.Invalid<>("block data length 80, expected 272"), QdiskLayout.decodeHeader(slot));
    }

    @Test
    void wellFramedBlocksWithWrongContentsAreRefused() {
        byte[] data = new byte[80];
        java.nio.ByteBuffer.wrap(data).putInt(0x47bacef8).putInt(1).putLong(5).putInt(1).putInt(0).put((byte) 3);
        assertEquals(new Decoded.Invalid<>("unknown state 3 in the status block of node 1"),
                QdiskLayout.decodeStatus(SharedHeader.wrap(data, 5, 4096)));
        data[0] = 0x48;
        assertEquals(new Decoded.Invalid<>("bad status block magic 48bacef8 (expected 47bacef8)"),
                QdiskLayout.decodeStatus(SharedHeader.wrap(data, 5, 4096)));
        byte[] header = QdiskLayout.encodeHeader(GOLDEN_HEADER, 4096);
        byte[] oldVersion = java.util.Arrays.copyOfRange(header, 32, 32 + 272);
        oldVersion[4] = 0;
        assertEquals(new Decoded.Invalid<>("unsupported header version 009fabc4 (expected 389fabc4)"),
                QdiskLayout.decodeHeader(SharedHeader.wrap(oldVersion, 1, 4096)));
    }

    @Test
    void unknownMessageCodesReadAsNoneAsQdiskdIgnoresThem() {
        byte[] data = java.util.Arrays.copyOfRange(QdiskLayout.encodeStatus(GOLDEN_BLOCK, 4096), 32, 32 + 80);
        data[56] = (byte) 0x7f; // ps_msg 0x7f01: stack garbage in an old mkqdisk's blank block
        Decoded<StatusBlock> decoded = QdiskLayout.decodeStatus(SharedHeader.wrap(data, 1, 4096));
        assertEquals(DiskMessage.NONE, ((Decoded.Ok<StatusBlock>) decoded).value().message());
    }

    static String reason(Decoded<?> decoded) {
        return ((Decoded.Invalid<?>) decoded).reason();
    }
}
