package org.corral.quorum.qdisk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * The 32-byte {@code shared_header_t} qdiskd puts in front of every block it writes (cluster 3
 * {@code cman/qdisk/disk.c}: header_generate / header_verify), and the CRC it uses.
 *
 * <p>Layout, <b>little-endian</b> on disk whatever the host (qdiskd's "le_swap" of the header; its own
 * source calls this a bug kept for upgrade compatibility, since the data after it is big-endian):
 * <pre>
 *  0  u32 h_magic      0x00DEBB1E
 *  4  u32 h_hcrc       CRC-32 of these 32 bytes as stored, with h_hcrc set to 0
 *  8  u32 h_dcrc       CRC-32 of the h_length data bytes that follow, as stored
 * 12  u32 h_length     272 for the quorum header, 80 for a status block
 * 16  u64 h_view       always 0
 * 24  u64 h_timestamp  time(NULL) of the write, seconds
 * </pre>
 * The CRC is zlib's crc32 (older releases shipped their own table-driven copy of the same
 * function): CRC-32/ISO-HDLC, reflected polynomial 0xEDB88320, init and xorout 0xFFFFFFFF, the
 * one {@link CRC32} computes. qdiskd checks the header CRC, then the magic, then the data CRC;
 * here the magic is checked first only so that a block of zeros is reported as "no magic".
 */
final class SharedHeader {
    static final int MAGIC = 0x00DEBB1E;
    static final int BYTES = 32;
    private static final int HCRC_AT = 4;
    private static final int DCRC_AT = 8;
    private static final int LENGTH_AT = 12;
    private static final int VIEW_AT = 16;
    private static final int TIMESTAMP_AT = 24;

    private SharedHeader() {}

    /** A whole slot: the header, the data, zeros to {@code slotSize} (qdiskd leaves the rest of the slot alone). */
    static byte[] wrap(byte[] data, long timestampSeconds, int slotSize) {
        if (data.length == 0 || slotSize < BYTES + data.length) {
            throw new IllegalArgumentException("a slot of " + slotSize + " bytes cannot hold " + data.length
                    + " data bytes");
        }
        ByteBuffer slot = ByteBuffer.allocate(slotSize).order(ByteOrder.LITTLE_ENDIAN);
        slot.putInt(0, MAGIC).putInt(HCRC_AT, 0).putInt(DCRC_AT, crc(data, 0, data.length))
                .putInt(LENGTH_AT, data.length).putLong(VIEW_AT, 0).putLong(TIMESTAMP_AT, timestampSeconds);
        slot.putInt(HCRC_AT, crc(slot.array(), 0, BYTES));
        System.arraycopy(data, 0, slot.array(), BYTES, data.length);
        return slot.array();
    }

    /** The data of a slot, big-endian, after every check; or why the slot was refused. */
    static Decoded<ByteBuffer> unwrap(byte[] slot, int expectedLength) {
        if (slot == null || slot.length < BYTES + expectedLength) {
            return new Decoded.Invalid<>("short block: " + (slot == null ? 0 : slot.length) + " bytes, need "
                    + (BYTES + expectedLength));
        }
        ByteBuffer header = ByteBuffer.wrap(slot, 0, BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int magic = header.getInt(0);
        if (magic != MAGIC) {
            return new Decoded.Invalid<>(String.format("bad block magic %08x (expected %08x)", magic, MAGIC));
        }
        byte[] copy = new byte[BYTES];
        System.arraycopy(slot, 0, copy, 0, BYTES);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(HCRC_AT, 0);
        int storedHeaderCrc = header.getInt(HCRC_AT);
        int headerCrc = crc(copy, 0, BYTES);
        if (headerCrc != storedHeaderCrc) {
            return new Decoded.Invalid<>(String.format("block header CRC mismatch (stored %08x, computed %08x)",
                    storedHeaderCrc, headerCrc));
        }
        int length = header.getInt(LENGTH_AT);
        if (length != expectedLength) {
            return new Decoded.Invalid<>("block data length " + Integer.toUnsignedString(length) + ", expected "
                    + expectedLength);
        }
        int storedDataCrc = header.getInt(DCRC_AT);
        int dataCrc = crc(slot, BYTES, length);
        if (dataCrc != storedDataCrc) {
            return new Decoded.Invalid<>(String.format("block data CRC mismatch (stored %08x, computed %08x)",
                    storedDataCrc, dataCrc));
        }
        return new Decoded.Ok<>(ByteBuffer.wrap(slot, BYTES, length).slice().order(ByteOrder.BIG_ENDIAN));
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
