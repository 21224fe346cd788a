package org.corral.quorum.qdisk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * qdiskd's on-disk format, as cluster 3's {@code cman/qdisk/disk.h} lays it out and its disk.c,
 * disk_util.c and mkqdisk write it (verified byte for byte against those sources built from
 * source; docs/qdisk.md has the tables):
 * <pre>
 * offset 0                      header slot:  shared_header_t + quorum_header_t (272 bytes)
 * slot + (nodeid - 1) * slot    16 status slots (node ids 1..16): shared_header_t + status_block_t (80 bytes)
 * slot = max(4096, sector size); a device needs 18 slots (END_OF_DISK).
 * </pre>
 * The {@link SharedHeader} in front of each block is little-endian; the block after it is
 * big-endian (qdiskd's swab_* macros), except {@code ps_incarnation}, which swab_status_block_t
 * leaves in the writer's byte order: little-endian, as every x86 qdiskd wrote it. Decoding
 * checks every magic, CRC, length and code and reports a one-line refusal, never an exception.
 */
public final class QdiskLayout {
    public static final int HEADER_MAGIC = 0xeb7a62c2;
    public static final int VERSION_MAGIC_V2 = 0x389fabc4;
    public static final int STATE_MAGIC = 0x47bacef8;
    public static final int SHARED_HEADER_MAGIC = SharedHeader.MAGIC;
    public static final int NODES_MAX = 16;
    public static final int SLOT_MIN = 4096;
    public static final int SECTOR_MIN = 512;
    public static final int SECTOR_MAX = 65536;
    public static final int HOST_BYTES = 128;
    public static final int LABEL_BYTES = 120;
    static final int SHARED_HEADER_BYTES = SharedHeader.BYTES;
    static final int QUORUM_HEADER_BYTES = 4 + 4 + 8 + HOST_BYTES + LABEL_BYTES + 4 + 4;
    static final int STATUS_BLOCK_BYTES = 80;
    private static final int MASK_BYTES = 8;
    private static final long MICROS = 1_000_000L;

    private QdiskLayout() {}

    public static int slotSize(int sectorSize) {
        return Math.max(SLOT_MIN, sectorSize);
    }

    public static long statusOffset(int nodeId, int sectorSize) {
        if (nodeId < 1 || nodeId > NODES_MAX) {
            throw new IllegalArgumentException("node id " + nodeId + " outside 1.." + NODES_MAX);
        }
        return slotSize(sectorSize) + (long) (nodeId - 1) * slotSize(sectorSize);
    }

    /** The smallest device that holds the header and every status block (END_OF_DISK). */
    public static long deviceBytesMin(int sectorSize) {
        return (long) slotSize(sectorSize) * (NODES_MAX + 2);
    }

    /** quorum_header_t: magic, version, timestamp, updatehost[128], cluster[120] (the label), blksz, kernsz. */
    public static byte[] encodeHeader(QuorumHeader header, int slotSize) {
        ByteBuffer data = ByteBuffer.allocate(QUORUM_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        data.putInt(HEADER_MAGIC).putInt(VERSION_MAGIC_V2).putLong(header.timestampSeconds());
        putFixed(data, header.updateHost(), HOST_BYTES);
        putFixed(data, header.label(), LABEL_BYTES);
        data.putInt(header.blockSize()).putInt(header.kernelSectorSize());
        return SharedHeader.wrap(data.array(), header.timestampSeconds(), slotSize);
    }

    /** status_block_t, field by field in disk.h's order (offsets in docs/qdisk.md). */
    public static byte[] encodeStatus(StatusBlock block, int slotSize) {
        ByteBuffer data = ByteBuffer.allocate(STATUS_BLOCK_BYTES).order(ByteOrder.BIG_ENDIAN);
        data.putInt(STATE_MAGIC).putInt(block.updateNode()).putLong(block.timestamp());
        data.putInt(block.nodeId()).putInt(0);
        data.put((byte) block.state().code()).put((byte) 0).putShort((short) block.flags());
        data.putShort((short) block.score()).putShort((short) block.scoreMax());
        data.putInt((int) (block.averageCycleUs() / MICROS)).putInt((int) (block.averageCycleUs() % MICROS));
        data.putInt((int) (block.lastCycleUs() / MICROS)).putInt((int) (block.lastCycleUs() % MICROS));
        data.order(ByteOrder.LITTLE_ENDIAN).putLong(block.incarnation()).order(ByteOrder.BIG_ENDIAN);
        data.putShort((short) block.message().code()).putShort((short) block.seq()).putInt((int) block.arg());
        putMask(data, block.memberMask());
        putMask(data, block.masterMask());
        return SharedHeader.wrap(data.array(), block.timestamp(), slotSize);
    }

    public static Decoded<QuorumHeader> decodeHeader(byte[] slot) {
        Decoded<ByteBuffer> unwrapped = SharedHeader.unwrap(slot, QUORUM_HEADER_BYTES);
        if (unwrapped instanceof Decoded.Invalid<ByteBuffer> invalid) {
            return new Decoded.Invalid<>(invalid.reason());
        }
        ByteBuffer data = ((Decoded.Ok<ByteBuffer>) unwrapped).value();
        int magic = data.getInt();
        if (magic != HEADER_MAGIC) {
            return new Decoded.Invalid<>(String.format("bad header magic %08x (expected %08x)", magic, HEADER_MAGIC));
        }
        int version = data.getInt();
        long timestamp = data.getLong();
        String host = getFixed(data, HOST_BYTES);
        String label = getFixed(data, LABEL_BYTES);
        int blockSize = data.getInt();
        int kernelSize = data.getInt();
        if (version != VERSION_MAGIC_V2) {
            return new Decoded.Invalid<>(String.format("unsupported header version %08x (expected %08x)", version,
                    VERSION_MAGIC_V2));
        }
        try {
            return new Decoded.Ok<>(new QuorumHeader(timestamp, host, label, blockSize, kernelSize));
        } catch (IllegalArgumentException e) {
            return new Decoded.Invalid<>("bad header: " + e.getMessage());
        }
    }

    /**
     * A status block. Message codes qdiskd does not know (mkqdisk before 3.1 left ps_msg, ps_seq,
     * ps_arg, ps_incarnation and the masks of its blank blocks uninitialized) read as NONE, which
     * is what qdiskd makes of them: it acts only on the codes it knows. Unknown states are refused.
     */
    public static Decoded<StatusBlock> decodeStatus(byte[] slot) {
        Decoded<ByteBuffer> unwrapped = SharedHeader.unwrap(slot, STATUS_BLOCK_BYTES);
        if (unwrapped instanceof Decoded.Invalid<ByteBuffer> invalid) {
            return new Decoded.Invalid<>(invalid.reason());
        }
        ByteBuffer data = ((Decoded.Ok<ByteBuffer>) unwrapped).value();
        int magic = data.getInt();
        if (magic != STATE_MAGIC) {
            return new Decoded.Invalid<>(String.format("bad status block magic %08x (expected %08x)", magic,
                    STATE_MAGIC));
        }
        int updateNode = data.getInt();
        long timestamp = data.getLong();
        int nodeId = data.getInt();
        data.getInt();
        int stateCode = data.get() & 0xFF;
        data.get();
        int flags = data.getShort() & 0xFFFF;
        int score = data.getShort() & 0xFFFF;
        int scoreMax = data.getShort() & 0xFFFF;
        long average = Integer.toUnsignedLong(data.getInt()) * MICROS + Integer.toUnsignedLong(data.getInt());
        long last = Integer.toUnsignedLong(data.getInt()) * MICROS + Integer.toUnsignedLong(data.getInt());
        long incarnation = data.order(ByteOrder.LITTLE_ENDIAN).getLong();
        data.order(ByteOrder.BIG_ENDIAN);
        DiskMessage message = DiskMessage.of(data.getShort() & 0xFFFF);
        int seq = data.getShort() & 0xFFFF;
        long arg = Integer.toUnsignedLong(data.getInt());
        int memberMask = getMask(data);
        int masterMask = getMask(data);
        DiskState state = DiskState.of(stateCode);
        if (state == null) {
            return new Decoded.Invalid<>("unknown state " + stateCode + " in the status block of node " + nodeId);
        }
        try {
            return new Decoded.Ok<>(new StatusBlock(updateNode, timestamp, nodeId, state, flags, score, scoreMax,
                    average, last, incarnation, message == null ? DiskMessage.NONE : message, seq, arg, memberMask,
                    masterMask));
        } catch (IllegalArgumentException e) {
            return new Decoded.Invalid<>("bad status block: " + e.getMessage());
        }
    }

    /** memb_mask_t: 8 bytes, bit (id-1) in byte (id-1)/8 at position (id-1)%8. */
    private static void putMask(ByteBuffer buffer, int mask) {
        for (int i = 0; i < MASK_BYTES; i++) {
            buffer.put(i < 4 ? (byte) (mask >>> (8 * i)) : 0);
        }
    }

    private static int getMask(ByteBuffer buffer) {
        int mask = 0;
        for (int i = 0; i < MASK_BYTES; i++) {
            int b = buffer.get() & 0xFF;
            if (i < 4) {
                mask |= b << (8 * i);
            }
        }
        return mask & ((1 << NODES_MAX) - 1);
    }

    private static void putFixed(ByteBuffer buffer, String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] field = new byte[size];
        System.arraycopy(bytes, 0, field, 0, Math.min(bytes.length, size - 1));
        buffer.put(field);
    }

    private static String getFixed(ByteBuffer buffer, int size) {
        byte[] field = new byte[size];
        buffer.get(field);
        int end = 0;
        while (end < size && field[end] != 0) {
            end++;
        }
        return new String(field, 0, end, StandardCharsets.UTF_8);
    }
}
