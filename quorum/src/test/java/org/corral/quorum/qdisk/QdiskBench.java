package org.corral.quorum.qdisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures for docs/qdisk.md, not a test: the codec's cost per block, the disk I/O of one qdisk
 * cycle (read 16 status blocks, write our own) on a device or file, and one label scan.
 * <pre>
 * java -cp quorum/target-qdisk/classes:quorum/target-qdisk/test-classes:$(deps) \
 *     org.corral.quorum.qdisk.QdiskBench [device-or-file [root]]
 * </pre>
 * With no device it uses a temporary file. The device is overwritten: pass a scratch loop device.
 */
public final class QdiskBench {
    private static final int CODEC_ROUNDS = 1_000_000;
    private static final int CYCLES = 2_000;

    private QdiskBench() {}

    public static void main(String[] args) throws IOException {
        StatusBlock block = new StatusBlock(2, 1_795_316_654L, 2, DiskState.MASTER, 0, 1, 1, 1234, 567,
                0x0102030405060708L, DiskMessage.BID, 7, 2, 0x8103, 0x0002);
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < CODEC_ROUNDS; i++) {
                byte[] slot = QdiskLayout.encodeStatus(block, 4096);
                sink += ((Decoded.Ok<StatusBlock>) QdiskLayout.decodeStatus(slot)).value().seq();
            }
            long perBlockNs = (System.nanoTime() - start) / CODEC_ROUNDS;
            System.out.printf("codec: encode+decode of one 4096-byte status slot: %d ns%n", perBlockNs);
        }
        Path target = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("qdisk-bench", ".img");
        QdiskDevice.createFileIfMissing(target);
        try (QdiskDevice device = QdiskDevice.open(target)) {
            QdiskInit.initialize(device, "bench", "bench", 0, line -> { });
            long start = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                sink += device.readAllStatus().size();
                device.writeStatus(block);
            }
            long perCycleUs = (System.nanoTime() - start) / CYCLES / 1000;
            System.out.printf("cycle I/O on %s (direct=%s, sector %d): read 16 blocks + write 1: %d us%n", target,
                    device.direct(), device.sectorSize(), perCycleUs);
        } finally {
            if (args.length == 0) {
                Files.deleteIfExists(target);
            }
        }
        Path root = Path.of(args.length > 1 ? args[1] : "/");
        long start = System.nanoTime();
        int found = new QdiskScanner(root).scan().size();
        System.out.printf("scan of %s: %d candidates probed, %d quorum disks, %d ms%n", root,
                new QdiskScanner(root).candidates().size(), found, (System.nanoTime() - start) / 1_000_000);
        System.out.println(sink == 0 ? "" : "done");
    }
}
