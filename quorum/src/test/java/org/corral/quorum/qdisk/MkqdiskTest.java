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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MkqdiskTest {
    @TempDir
    Path root;

    record Run(int code, String out, String err) {}

    Run mkqdisk(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Mkqdisk(Map.of("CORRAL_ROOT", root.toString()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                1_600_552_728L, ZoneOffset.UTC, "node03").run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path sharedFile() throws IOException {
        Path dir = Files.createDirectories(root.resolve("var/lib/cluster/qdisk"));
        return Files.createFile(dir.resolve("cluster_qdisk.img"));
    }

    @Test
    void createThenListAndFind() throws IOException {
        Path file = sharedFile();
        Run created = mkqdisk("y\n", "-c", file.toString(), "-l", "cluster_qdisk");
        assertEquals(0, created.code());
        StringBuilder expected = new StringBuilder("mkqdisk v3.0.12.1\n\n"
                + "Writing new quorum disk label 'cluster_qdisk' to " + file + ".\n"
                + "WARNING: About to destroy all data on " + file + "; proceed [N/y] ? ");
        for (int id = 1; id <= 16; id++) {
            expected.append("Initializing status block for node ").append(id).append("...\n");
        }
        assertEquals(expected.toString(), created.out());

        String info = file + ":\n"
                + "\tMagic:                eb7a62c2\n"
                + "\tLabel:                cluster_qdisk\n"
                + "\tCreated:              Sat Sep 19 21:58:48 2020\n"
                + "\tHost:                 node03\n"
                + "\tKernel Sector Size:   512\n"
                + "\tRecorded Sector Size: 512\n\n";
        assertEquals(new Run(0, "mkqdisk v3.0.12.1\n\n" + info, ""), mkqdisk("", "-L"));
        assertEquals(new Run(0, "mkqdisk v3.0.12.1\n\n" + info, ""), mkqdisk("", "-f", "cluster_qdisk"));
        assertEquals(new Run(255, "mkqdisk v3.0.12.1\n\n", ""), mkqdisk("", "-f", "other"));

        Run again = mkqdisk("y", "-c", file.toString(), "-l", "second");
        assertTrue(again.out().contains("? Warning: Initializing previously initialized partition\n"), again.out());
    }

    @Test
    void declinedPromptUsageAndErrors() throws IOException {
        Path file = sharedFile();
        Run declined = mkqdisk("n\n", "-c", file.toString(), "-l", "x");
        assertEquals(0, declined.code());
        assertTrue(declined.out().endsWith("proceed [N/y] ? Good thinking.\n"));
        assertEquals(255, mkqdisk("", "-L").code(), "nothing initialized: nothing found");

        assertEquals(new Run(1, "mkqdisk v3.0.12.1\n\n" + Mkqdisk.USAGE + "\n", ""), mkqdisk(""));
        assertEquals(new Run(1, "mkqdisk v3.0.12.1\n\nBoth a device and a label are required\n", ""),
                mkqdisk("", "-c", file.toString()));
        assertEquals(new Run(0, "mkqdisk v3.0.12.1\n\n" + Mkqdisk.USAGE + " [-d]\n", ""), mkqdisk("", "-h"));
        Run bad = mkqdisk("", "-x");
        assertEquals(1, bad.code());
        assertEquals("mkqdisk: invalid option -- 'x'\n", bad.err());
        Run missing = mkqdisk("y", "-c", root.resolve("nope").toString(), "-l", "x");
        assertEquals(255, missing.code());
        assertEquals("mkqdisk: " + root.resolve("nope") + ": No such file or directory\n", missing.err());
        assertEquals("mkqdisk: option requires an argument -- 'l'\n", mkqdisk("", "-c", "a", "-l").err());
    }
}
