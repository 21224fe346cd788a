package org.corral.quorum.qdisk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * qdiskd's on-disk format (cluster 3 {@code cman/qdisk/disk.h}), big-endian:
 * <pre>
 * offset 0                      header slot:  shared_header + quorum_header_t
 * slot + (nodeid - 1) * slot    16 status slots (node ids 1..16): shared_header + status_block_t
 * slot = max(4096, sector size); a device needs 18 slots (END_OF_DISK).
 * </pre>
 * Every slot starts with a shared header (magic 0x00DEBB1E, CRC-32 of the header with its CRC
 * field zeroed, CRC-32 of the data, the data length, a view number and a timestamp). Deviation:
 * CRCs are java.util.zip.CRC32 (IEEE); bytes are not claimed to interoperate with a real qdiskd.
 * Decoding checks every magic, CRC, length and code and reports a refusal, never an exception.
 */
public final class QdiskLayout {
    public static final int HEADER_MAGIC = 0xeb7a62c2;
    public static final int VERSION_MAGIC_V2 = 0x389fabc4;
    public static final int STATE_MAGIC = 0x47bacef8;
    public static final int SHARED_HEADER_MAGIC = 0x00DEBB1E;
    public static final int NODES_MAX = 16;
    public static final int SLOT_MIN = 4096;
    public static final int SECTOR_MIN = 512;
    public static final int SECTOR_MAX = 65536;
    public static final int HOST_BYTES = 128;
    public static final int LABEL_BYTES = 120;
    static final int SHARED_HEADER_BYTES = 32;
    static final int QUORUM_HEADER_BYTES = 4 + 4 + 8 + HOST_BYTES + LABEL_BYTES + 4 + 4;
    static final int STATUS_BLOCK_BYTES = 80;
    private static final int MASK_BYTES = 8;

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

    public static byte[] encodeHeader(QuorumHeader header, int slotSize) {
        ByteBuffer data = ByteBuffer.allocate(QUORUM_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        data.putInt(HEADER_MAGIC).putInt(VERSION_MAGIC_V2).putLong(header.timestampSeconds());
        putFixed(data, header.updateHost(), HOST_BYTES);
        putFixed(data, header.label(), LABEL_BYTES);
        data.putInt(header.blockSize()).putInt(header.kernelSectorSize());
        return wrap(data.array(), header.timestampSeconds(), slotSize);
    }

    public static byte[] encodeStatus(StatusBlock block, int slotSize) {
        ByteBuffer data = ByteBuffer.allocate(STATUS_BLOCK_BYTES).order(ByteOrder.BIG_ENDIAN);
        data.putInt(STATE_MAGIC).putInt(block.updateNode()).putLong(block.timestamp());
        data.putInt(block.nodeId()).putInt(0);
        data.put((byte) block.state().code()).put((byte) 0).putShort((short) block.flags());
        data.putShort((short) block.score()).putShort((short) block.scoreMax());
        data.putInt((int) (block.averageCycleUs() / 1_000_000)).putInt((int) (block.averageCycleUs() % 1_000_000));
        data.putInt((int) (block.lastCycleUs() / 1_000_000)).putInt((int) (block.lastCycleUs() % 1_000_000));
        data.putLong(block.incarnation());
        data.putShort((short) block.message().code()).putShort((short) block.seq()).putInt((int) block.arg());
        putMask(data, block.memberMask());
        putMask(data, block.masterMask());
        return wrap(data.array(), block.timestamp(), slotSize);
    }

    public static Decoded<QuorumHeader> decodeHeader(byte[] slot) {
        Decoded<ByteBuffer> unwrapped = unwrap(slot, QUORUM_HEADER_BYTES);
        if (unwrapped instanceof Decoded.Invalid<ByteBuffer> invalid) {
            return new Decoded.Invalid<>(invalid.reason());
        }
        ByteBuffer data = ((Decoded.Ok<ByteBuffer>) unwrapped).value();
        int magic = data.getInt();
        if (magic != HEADER_MAGIC) {
            return new Decoded.Invalid<>(String.format("bad header magic %08x", magic));
        }
        int version = data.getInt();
        long timestamp = data.getLong();
        String host = getFixed(data, HOST_BYTES);
        String label = getFixed(data, LABEL_BYTES);
        int blockSize = data.getInt();
        int kernelSize = data.getInt();
        if (version != VERSION_MAGIC_V2) {
            return new Decoded.Invalid<>(String.format("unsupported header version %08x", version));
        }
        try {
            return new Decoded.Ok<>(new QuorumHeader(timestamp, host, label, blockSize, kernelSize));
        } catch (IllegalArgumentException e) {
            return new Decoded.Invalid<>("bad header: " + e.getMessage());
        }
    }

    public static Decoded<StatusBlock> decodeStatus(byte[] slot) {
        Decoded<ByteBuffer> unwrapped = unwrap(slot, STATUS_BLOCK_BYTES);
        if (unwrapped instanceof Decoded.Invalid<ByteBuffer> invalid) {
            return new Decoded.Invalid<>(invalid.reason());
        }
        ByteBuffer data = ((Decoded.Ok<ByteBuffer>) unwrapped).value();
        int magic = data.getInt();
        if (magic != STATE_MAGIC) {
            return new Decoded.Invalid<>(String.format("bad status block magic %08x", magic));
        }
        int updateNode = data.getInt();
        long timestamp = data.getLong();
        int nodeId = data.getInt();
        data.getInt();
        DiskState state = DiskState.of(data.get() & 0xFF);
        data.get();
        int flags = data.getShort() & 0xFFFF;
        int score = data.getShort() & 0xFFFF;
        int scoreMax = data.getShort() & 0xFFFF;
        long average = Integer.toUnsignedLong(data.getInt()) * 1_000_000 + Integer.toUnsignedLong(data.getInt());
        long last = Integer.toUnsignedLong(data.getInt()) * 1_000_000 + Integer.toUnsignedLong(data.getInt());
        long incarnation = data.getLong();
        DiskMessage message = DiskMessage.of(data.getShort() & 0xFFFF);
        int seq = data.getShort() & 0xFFFF;
        long arg = Integer.toUnsignedLong(data.getInt());
        int memberMask = getMask(data);
        int masterMask = getMask(data);
        if (state == null || message == null) {
            return new Decoded.Invalid<>("unknown state or message code in block of node " + nodeId);
        }
        try {
            return new Decoded.Ok<>(new StatusBlock(updateNode, timestamp, nodeId, state, flags, score, scoreMax,
                    average, last, incarnation, message, seq, arg, memberMask, masterMask));
        } catch (IllegalArgumentException e) {
            return new Decoded.Invalid<>("bad status block: " + e.getMessage());
        }
    }

    private static byte[] wrap(byte[] data, long timestamp, int slotSize) {
        if (slotSize < SHARED_HEADER_BYTES + data.length) {
            throw new IllegalArgumentException("slot of " + slotSize + " bytes is too small");
        }
        ByteBuffer slot = ByteBuffer.allocate(slotSize).order(ByteOrder.BIG_ENDIAN);
        slot.putInt(SHARED_HEADER_MAGIC).putInt(0).putInt((int) crc(data, 0, data.length)).putInt(data.length)
                .putLong(0).putLong(timestamp);
        slot.putInt(4, (int) crc(slot.array(), 0, SHARED_HEADER_BYTES));
        slot.position(SHARED_HEADER_BYTES);
        slot.put(data);
        return slot.array();
    }

    private static Decoded<ByteBuffer> unwrap(byte[] slot, int expectedLength) {
        if (slot == null || slot.length < SHARED_HEADER_BYTES + expectedLength) {
            return new Decoded.Invalid<>("short block");
        }
        ByteBuffer buffer = ByteBuffer.wrap(slot).order(ByteOrder.BIG_ENDIAN);
        int magic = buffer.getInt(0);
        if (magic != SHARED_HEADER_MAGIC) {
            return new Decoded.Invalid<>(String.format("bad block magic %08x", magic));
        }
        int headerCrc = buffer.getInt(4);
        byte[] header = new byte[SHARED_HEADER_BYTES];
        System.arraycopy(slot, 0, header, 0, SHARED_HEADER_BYTES);
        header[4] = 0;
        header[5] = 0;
        header[6] = 0;
        header[7] = 0;
        if ((int) crc(header, 0, SHARED_HEADER_BYTES) != headerCrc) {
            return new Decoded.Invalid<>("block header CRC mismatch");
        }
        int length = buffer.getInt(12);
        if (length != expectedLength) {
            return new Decoded.Invalid<>("block length " + length + ", expected " + expectedLength);
        }
        if ((int) crc(slot, SHARED_HEADER_BYTES, length) != buffer.getInt(8)) {
            return new Decoded.Invalid<>("block data CRC mismatch");
        }
        return new Decoded.Ok<>(ByteBuffer.wrap(slot, SHARED_HEADER_BYTES, length).slice().order(ByteOrder.BIG_ENDIAN));
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
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
