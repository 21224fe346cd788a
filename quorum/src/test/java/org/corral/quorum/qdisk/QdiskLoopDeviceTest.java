package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real block device: a loop device over a temporary file (root and losetup, Debian package mount,
 * needed, else skipped with the reason). mkqdisk -c writes it through the block device, and -f
 * finds it by scanning the machine's own /proc/partitions and /dev.
 */
class QdiskLoopDeviceTest {
    @TempDir
    Path dir;

    @Test
    void mkqdiskOnALoopDeviceIsFoundByLabel() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to attach a loop device");
        Path backing = dir.resolve("backing.img");
        try (var channel = java.nio.channels.FileChannel.open(backing, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]), 1024 * 1024 - 1);
        }
        String device = run(List.of("losetup", "-f", "--show", backing.toString()));
        assumeTrue(device != null && device.startsWith("/dev/loop"), "losetup could not attach a loop device");
        try {
            String name = Path.of(device).getFileName().toString();
            assumeTrue(Files.readString(Path.of("/proc/partitions")).contains(" " + name + "\n"),
                    device + " is not in /proc/partitions (a container without loop partitions?)");
            assumeTrue(Files.isReadable(Path.of(device)), device + " has no readable node in /dev");
            String label = "corral-loop-" + ProcessHandle.current().pid();
            Run created = mkqdisk("y\n", "-c", device, "-l", label);
            assertEquals(0, created.code(), created.err());
            assertTrue(created.out().contains("Initializing status block for node 16...\n"), created.out());
            Run found = mkqdisk("", "-f", label);
            assertEquals(0, found.code(), found.err());
            assertTrue(found.out().startsWith("mkqdisk v3.0.12.1\n\n" + device + ":\n"), found.out());
            assertTrue(found.out().contains("\tLabel:                " + label + "\n"), found.out());
            QdiskScanner.LabelMatch match = new QdiskScanner(Path.of("/")).findLabel(label);
            assertEquals(new QdiskScanner.LabelMatch.One(new QdiskScanner.Found(Path.of("/").resolve("dev").resolve(name),
                    new QuorumHeader(1_600_000_000L, "h", label, QdiskDevice.sectorSize(Path.of(device)), 0),
                    QdiskDevice.sectorSize(Path.of(device)))), match);
            try (QdiskDevice opened = QdiskDevice.open(Path.of(device))) {
                assertEquals(16, opened.readAllStatus().size(), "every status block reads back through the device");
            }
        } finally {
            run(List.of("losetup", "-d", device));
        }
    }

    record Run(int code, String out, String err) {}

    static Run mkqdisk(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Mkqdisk(Map.of("CORRAL_ROOT", "/"), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                1_600_000_000L, ZoneOffset.UTC, "h").run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command's first output line, or null when it could not run, failed or hung. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? output.lines().findFirst().orElse("") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
