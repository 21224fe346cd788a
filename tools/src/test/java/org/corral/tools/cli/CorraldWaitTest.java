package org.corral.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** corrald-wait without a daemon: every bad call ends with one line and exit 1, never a hang. */
class CorraldWaitTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CorraldWait.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errLine() {
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        return text.strip();
    }

    @Test
    void badOptionsAreOneLine() {
        for (String[] args : new String[][] {{"-x"}, {"-r"}, {"-m", "0"}, {"-t", "x"}, {"-p", "1", "-p", "2"},
                {"-r", "a", "-p", "1", "-p", "2"}, {"-p", "0"}, {"-r", ""}}) {
            err.reset();
            assertEquals(1, run(args), String.join(" ", args));
            assertTrue(errLine().startsWith("corrald-wait: "));
        }
    }

    @Test
    void missingDaemonNamesTheRootThatNeverAnswered(@TempDir Path a, @TempDir Path b) {
        assertEquals(1, run("-t", "1", "-m", "3", "-q", "-r", a.toString(), "-r", b.toString()));
        String line = errLine();
        assertTrue(line.contains("gave up after 1 s") && line.contains(a.toString()), line);
    }

    @Test
    void deadPidEndsTheWaitAtOnce(@TempDir Path root) throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        // "exited", not "gave up": the wait ended on the dead pid, not on the time limit.
        assertEquals(1, run("-t", "30", "-r", root.toString(), "-p", Long.toString(exited.pid())));
        String line = errLine();
        assertTrue(line.contains("(pid " + exited.pid() + ") exited"), line);
    }
}
