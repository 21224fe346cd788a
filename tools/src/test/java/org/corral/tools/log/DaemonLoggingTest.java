package org.corral.tools.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daemon lines reach the file under the CORRAL_ROOT prefix and stdout in corosync's shape. */
class DaemonLoggingTest {
    private static final String PREFIX = "^[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d node1 corosync\\[\\d+\\]:   ";

    @Test
    void linesLookLikeCorosyncsInTheFileAndOnStdout(@TempDir Path root) throws Exception {
        Process child = new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                LogLineDemo.class.getName(), root.toString())
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the logging child did not finish");
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), stdout);

        List<String> fileLines = Files.readAllLines(root.resolve("var/log/cluster/corosync.log"));
        assertExpectedLines(fileLines);
        assertExpectedLines(stdout.lines().toList());
    }

    private static void assertExpectedLines(List<String> lines) throws IOException {
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches(PREFIX + "\\[TOTEM \\] A processor failed, forming new configuration\\.$"), lines.get(0));
        assertTrue(lines.get(1).matches(PREFIX + "\\[CPG   \\] downlist received left_list: 0$"), lines.get(1));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
