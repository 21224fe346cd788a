package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label search over a faked $CORRAL_ROOT: proc/partitions, dev/, sys/class/block holders and the shared files. */
class QdiskScannerTest {
    @TempDir
    Path root;

    static final String PARTITIONS = """
            major minor  #blocks  name

               8        0    1048576 sda
               8       16       1024 sdb
               8       32       1024 sdc
               8       48       1024 sdd
               9        0       1024 md0
               8       64       1024 sde
               8       80       1024 sdf
               8       96       1024 sdg
             104        0       1024 cciss!c0d0
               7        0       1024 ../../etc/passwd
            """;

    Path disk(String relative, String label) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        QdiskDevice.createFileIfMissing(path);
        try (QdiskDevice device = QdiskDevice.open(path)) {
            QdiskInit.initialize(device, label, "node1", 1_600_000_000L, line -> { });
        }
        return path;
    }

    void fakeMachine() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/partitions"), PARTITIONS);
        Files.createDirectories(root.resolve("dev"));
        Files.write(root.resolve("dev/sda"), new byte[8192]); // an ordinary disk: no magic
        disk("dev/sdb", "alpha");
        // sdc is listed but has no node in dev/: skipped
        disk("dev/sdd", "held"); // an LVM physical volume: sysfs lists a holder
        Files.createDirectories(root.resolve("sys/class/block/sdd/holders/dm-0"));
        disk("dev/md0", "raid"); // software RAID: qdiskd does not work on it
        Files.createDirectories(root.resolve("dev/sde")); // not readable as a device
        Files.write(root.resolve("dev/sdf"), new byte[100]); // short
        Path wrongSector = disk("dev/sdg", "bigsector");
        try (QdiskDevice device = QdiskDevice.open(wrongSector)) {
            device.writeHeader(new QuorumHeader(1_600_000_000L, "node1", "bigsector", 4096, 0));
        }
        disk("dev/cciss/c0d0", "beta");
    }

    @Test
    void scansSharedFilesThenPartitionsSkippingWhatQdiskdSkips() throws IOException {
        fakeMachine();
        Path shared = disk("var/lib/cluster/qdisk/shared.img", "gamma");
        List<QdiskScanner.Found> found = new QdiskScanner(root).scan();
        assertEquals(List.of(shared, root.resolve("dev/sdb"), root.resolve("dev/cciss/c0d0")),
                found.stream().map(QdiskScanner.Found::path).toList());
        assertEquals(List.of("gamma", "alpha", "beta"), found.stream().map(f -> f.header().label()).toList());
        assertEquals(new QdiskScanner.LabelMatch.One(found.get(1)), new QdiskScanner(root).findLabel("alpha"));
        assertEquals(new QdiskScanner.LabelMatch.None(), new QdiskScanner(root).findLabel("held"));
        assertEquals(new QdiskScanner.LabelMatch.None(), new QdiskScanner(root).findLabel("bigsector"));
    }

    @Test
    void aLabelFoundTwiceIsReportedWithBothPaths() throws IOException {
        fakeMachine();
        Path shared = disk("var/lib/cluster/qdisk/copy.img", "alpha");
        QdiskScanner.LabelMatch match = new QdiskScanner(root).findLabel("alpha");
        assertTrue(match instanceof QdiskScanner.LabelMatch.Several, match.toString());
        assertEquals(List.of(shared, root.resolve("dev/sdb")),
                ((QdiskScanner.LabelMatch.Several) match).all().stream().map(QdiskScanner.Found::path).toList());
    }

    @Test
    void theSameDiskUnderTwoNamesCountsOnce() throws IOException {
        fakeMachine();
        Files.createDirectories(root.resolve("var/lib/cluster/qdisk"));
        Files.createSymbolicLink(root.resolve("var/lib/cluster/qdisk/link"), root.resolve("dev/sdb"));
        assertTrue(new QdiskScanner(root).findLabel("alpha") instanceof QdiskScanner.LabelMatch.One);
    }

    @Test
    void noPartitionListMeansOnlyTheSharedFiles() throws IOException {
        assertEquals(List.of(), new QdiskScanner(root).scan());
        Path shared = disk("var/lib/cluster/qdisk/one", "solo");
        assertEquals(List.of(shared), new QdiskScanner(root).scan().stream().map(QdiskScanner.Found::path).toList());
    }

    @Test
    void mkqdiskListsTheFakedDevices() throws IOException {
        fakeMachine();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Mkqdisk(Map.of("CORRAL_ROOT", root.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                0, ZoneOffset.UTC, "h").run(new String[] {"-f", "alpha"});
        assertEquals(0, code);
        assertEquals("mkqdisk v3.0.12.1\n\n" + root.resolve("dev/sdb") + ":\n"
                + "\tMagic:                eb7a62c2\n"
                + "\tLabel:                alpha\n"
                + "\tCreated:              Sun Sep 13 12:26:40 2020\n"
                + "\tHost:                 node1\n"
                + "\tKernel Sector Size:   512\n"
                + "\tRecorded Sector Size: 512\n\n", out.toString(StandardCharsets.UTF_8));
    }
}
