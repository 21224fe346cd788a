package org.corral.quorum.qdisk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The thin I/O shell of qdisk: reads and writes whole slots of a shared block device or file.
 *
 * <p>qdiskd opens its device with O_DIRECT|O_SYNC so every node sees every write at once and the
 * page cache never serves a stale block. Here: the device is opened with
 * {@code ExtendedOpenOption.DIRECT} and page-aligned buffers where the file system allows it;
 * where it does not (tmpfs, some overlay file systems), it falls back to ordinary I/O with
 * {@code DSYNC} writes, which is coherent for processes on one machine sharing one file (the
 * demo and the tests). {@link #direct()} says which one is in use.
 */
public final class QdiskDevice implements AutoCloseable {
    /** The sector size assumed for regular files (and block devices whose size we cannot ask). */
    public static final int FILE_SECTOR_SIZE = 512;

    private final Path path;
    private final FileChannel channel;
    private final boolean direct;
    private final int sectorSize;
    private final int slotSize;
    private final int alignment;

    private QdiskDevice(Path path, FileChannel channel, boolean direct, int sectorSize, int alignment) {
        this.path = path;
        this.channel = channel;
        this.direct = direct;
        this.sectorSize = sectorSize;
        this.slotSize = QdiskLayout.slotSize(sectorSize);
        this.alignment = alignment;
    }

    /** Opens an existing device or file for reading and writing. */
    public static QdiskDevice open(Path path) throws IOException {
        return open(path, true);
    }

    /** Opens a device only to look at it (mkqdisk -L / -f never open a disk for writing). */
    public static QdiskDevice openReadOnly(Path path) throws IOException {
        return open(path, false);
    }

    private static QdiskDevice open(Path path, boolean writable) throws IOException {
        OpenOption[] mode = writable
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new OpenOption[] {StandardOpenOption.READ};
        if (!Files.exists(path)) {
            throw new IOException(path + ": No such file or directory");
        }
        int sectorSize = sectorSize(path);
        FileChannel channel = null;
        boolean direct = false;
        int alignment = 1;
        try {
            OpenOption directOption = directOption();
            if (directOption != null) {
                channel = FileChannel.open(path, with(mode, directOption));
                alignment = (int) Math.max(sectorSize, Files.getFileStore(path).getBlockSize());
                direct = true;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            channel = null;
        }
        if (channel == null) {
            channel = FileChannel.open(path, with(mode, StandardOpenOption.DSYNC));
        }
        QdiskDevice device = new QdiskDevice(path, channel, direct, sectorSize, alignment);
        if (direct && QdiskLayout.slotSize(sectorSize) % alignment != 0) {
            device.close();
            return new QdiskDevice(path, FileChannel.open(path, with(mode, StandardOpenOption.DSYNC)), false,
                    sectorSize, 1);
        }
        return device;
    }

    private static java.util.Set<OpenOption> with(OpenOption[] mode, OpenOption extra) {
        java.util.Set<OpenOption> options = new java.util.HashSet<>(java.util.Arrays.asList(mode));
        options.add(extra);
        return options;
    }

    /** Creates (or extends) a regular file big enough for a quorum disk; block devices are left as they are. */
    public static void createFileIfMissing(Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long needed = QdiskLayout.deviceBytesMin(FILE_SECTOR_SIZE);
            if (channel.size() < needed) {
                channel.write(ByteBuffer.wrap(new byte[1]), needed - 1);
            }
        }
    }

    private static OpenOption directOption() {
        try {
            Class<?> type = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            for (Object constant : type.getEnumConstants()) {
                if (constant.toString().equals("DIRECT")) {
                    return (OpenOption) constant;
                }
            }
        } catch (ClassNotFoundException e) {
            return null;
        }
        return null;
    }

    /** A block device's logical sector size from sysfs; 512 for files or when unknown. */
    static int sectorSize(Path path) {
        if (Files.isRegularFile(path)) {
            return FILE_SECTOR_SIZE;
        }
        try {
            Path real = path.toRealPath();
            Path sys = Path.of("/sys/class/block", real.getFileName().toString(), "queue", "logical_block_size");
            if (!Files.exists(sys)) {
                sys = Path.of("/sys/class/block", real.getFileName().toString(), "..", "queue", "logical_block_size");
            }
            int size = Integer.parseInt(Files.readString(sys).trim());
            return size >= QdiskLayout.SECTOR_MIN && size <= QdiskLayout.SECTOR_MAX ? size : FILE_SECTOR_SIZE;
        } catch (IOException | NumberFormatException e) {
            return FILE_SECTOR_SIZE;
        }
    }

    public Path path() {
        return path;
    }

    public boolean direct() {
        return direct;
    }

    public int sectorSize() {
        return sectorSize;
    }

    public int slotSize() {
        return slotSize;
    }

    /** True when the device is too small for a quorum disk (regular files only; devices are trusted). */
    public boolean tooSmall() throws IOException {
        return Files.isRegularFile(path) && channel.size() < QdiskLayout.deviceBytesMin(sectorSize);
    }

    public byte[] readSlot(long offset) throws IOException {
        ByteBuffer buffer = buffer();
        int total = 0;
        while (total < slotSize) {
            int n = channel.read(buffer, offset + total);
            if (n < 0) {
                throw new IOException(path + ": short read at offset " + offset);
            }
            total += n;
        }
        buffer.flip();
        byte[] bytes = new byte[slotSize];
        buffer.get(bytes);
        return bytes;
    }

    public void writeSlot(long offset, byte[] bytes) throws IOException {
        if (bytes.length != slotSize) {
            throw new IllegalArgumentException("a slot is " + slotSize + " bytes, not " + bytes.length);
        }
        ByteBuffer buffer = buffer();
        buffer.put(bytes);
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer, offset + buffer.position());
        }
    }

    private ByteBuffer buffer() {
        if (!direct) {
            return ByteBuffer.allocate(slotSize);
        }
        return ByteBuffer.allocateDirect(slotSize + alignment).alignedSlice(alignment).limit(slotSize);
    }

    public Decoded<QuorumHeader> readHeader() throws IOException {
        return QdiskLayout.decodeHeader(readSlot(0));
    }

    public void writeHeader(QuorumHeader header) throws IOException {
        writeSlot(0, QdiskLayout.encodeHeader(header, slotSize));
    }

    public void writeStatus(StatusBlock block) throws IOException {
        writeSlot(QdiskLayout.statusOffset(block.nodeId(), sectorSize), QdiskLayout.encodeStatus(block, slotSize));
    }

    /** Reads every status block; a block that fails to read or decode is left out (an I/O error). */
    public Map<Integer, StatusBlock> readAllStatus() {
        Map<Integer, StatusBlock> blocks = new TreeMap<>();
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            try {
                if (QdiskLayout.decodeStatus(readSlot(QdiskLayout.statusOffset(id, sectorSize)))
                        instanceof Decoded.Ok<StatusBlock> ok) {
                    blocks.put(id, ok.value());
                }
            } catch (IOException e) {
                // counted as an error cycle by the node, as qdiskd does
            }
        }
        return blocks;
    }

    /** Performs the writes a cycle asked for, in order. */
    public void apply(List<QdiskEffect> effects) throws IOException {
        for (QdiskEffect effect : effects) {
            if (effect instanceof QdiskEffect.WriteBlock write) {
                writeStatus(write.block());
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
