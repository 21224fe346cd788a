package org.corral.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no corrald, every command says so on one line and exits 1; bad options likewise. */
class CliWithoutDaemonTest {
    @TempDir
    Path root;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void prefix() {
        System.setProperty("corral.root", root.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("corral.root");
    }

    private PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private void assertOneLineError(int code) {
        assertEquals(1, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noDaemon() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("CORRAL_ROOT") == null, "CORRAL_ROOT is set");
        assertOneLineError(CorosyncCfgtool.run(new String[] {"-s"}, stream(out), stream(err)));
        err.reset();
        assertOneLineError(CorosyncCmapctl.run(new String[0], stream(out), stream(err)));
        err.reset();
        assertOneLineError(CorosyncCpgtool.run(new String[0], stream(out), stream(err)));
        err.reset();
        assertOneLineError(CpgBench.run(new String[] {"--latency", "-c", "1"}, stream(out), stream(err)));
        err.reset();
        assertOneLineError(CorraldWait.run(new String[] {"-t", "1"}, stream(out), stream(err)));
    }

    @Test
    void badOptions() {
        assertEquals(1, CorosyncCfgtool.run(new String[] {"-x"}, stream(out), stream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
        assertEquals(1, CorosyncCmapctl.run(new String[] {"-s", "k"}, stream(out), stream(err)));
        assertEquals(1, CorosyncCpgtool.run(new String[] {"-z"}, stream(out), stream(err)));
        assertEquals(0, CorosyncCfgtool.run(new String[] {"-h"}, stream(out), stream(err)));
    }
}
