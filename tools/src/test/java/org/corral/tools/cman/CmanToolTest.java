package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** cman_tool's argument handling and its messages without a daemon. */
class CmanToolTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CmanTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutADaemonEveryCommandSaysCmanIsNotRunning() {
        System.setProperty("corral.root", "/nonexistent-corral-root");
        for (String command : new String[] {"status", "nodes", "version"}) {
            Run r = run(command);
            assertEquals(1, r.code(), command);
            assertEquals("cman_tool: Cannot open connection to cman, is it running ?\n", r.err(), command);
        }
    }

    @Test
    void badArgumentsAreOneLineAndExitOne() {
        System.setProperty("corral.root", "/nonexistent-corral-root");
        assertEquals("cman_tool: No expected votes value specified\n", run("expected").err());
        assertEquals("cman_tool: No votes value specified\n", run("votes").err());
        assertEquals("cman_tool: No node name specified\n", run("kill").err());
        assertEquals("cman_tool: timeout is only appropriate with wait\n", run("status", "-t", "3").err());
        assertEquals("cman_tool: argument to e (x) is not an integer\n", run("expected", "-e", "x").err());
        assertEquals("cman_tool: expected_votes value (2) invalid in two node mode\n", run("join", "-2", "-e", "2").err());
        Run unknown = run("frobnicate");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("cman_tool: unknown option frobnicate\n"));
        assertEquals(1, run().code());
    }
}
