package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** cman_tool join's options: their checks and messages, and the corrald arguments they become. */
class JoinOptionsTest {

    private static List<String> corraldArguments(String... args) {
        CmanTool.Options options = CmanTool.parse(args);
        CmanTool.checkArguments(options);
        return CmanJoin.corraldArguments(options, null);
    }

    @Test
    void everyOverrideBecomesTheSameCorraldOption() {
        assertEquals(List.of("-n", "node3", "-c", "other", "-m", "239.192.1.2", "-p", "6000", "-N", "7", "-k",
                "/etc/cluster/authkey", "-e", "5", "-v", "2", "-d"),
                corraldArguments("join", "-n", "node3", "-c", "other", "-m", "239.192.1.2", "-p", "6000", "-N", "7",
                        "-k", "/etc/cluster/authkey", "-e", "5", "-v", "2", "-d", "-w", "-t", "30"));
    }

    @Test
    void withoutOptionsOnlyTheNodeNameIsPassed() {
        assertEquals(List.of(), corraldArguments("join"));
        assertEquals(List.of("-n", "node2"), CmanJoin.corraldArguments(CmanTool.parse(new String[] {"join"}), "node2"));
        assertEquals(List.of("-n", "node1"), CmanJoin.corraldArguments(CmanTool.parse(
                new String[] {"join", "-n", "node1"}), "node2"));
    }

    @Test
    void nodeIdZeroMeansAssignOneAndIsNotPassed() {
        assertEquals(List.of(), corraldArguments("join", "-N", "0"));
    }

    @Test
    void badValuesAreCmanToolsOneLineErrorsWithExitOne() {
        assertError("cman_tool: Port must be a number between 1 and 65535\n", "join", "-p", "0");
        assertError("cman_tool: Port must be a number between 1 and 65535\n", "join", "-p", "65536");
        assertError("cman_tool: argument to p (x) is not an integer\n", "join", "-p", "x");
        assertError("cman_tool: argument to N cannot be negative\n", "join", "-N", "-1");
        assertError("cman_tool: Node id must be between 1 and 4096\n", "join", "-N", "4097");
        assertError("cman_tool: Cluster name must be < 16 characters long\n", "join", "-c", "abcdefghijklmnopq");
        assertError("cman_tool: maximum cluster name length is 64\n", "join", "-c", "x".repeat(65));
        assertError("cman_tool: maximum node name length is 65\n", "join", "-n", "x".repeat(66));
        assertError("cman_tool: invalid option to -D, it should be 'force', 'warn' or 'none'\n", "join", "-Dmaybe");
        assertError("cman_tool: option requires an argument -- 'm'\n", "join", "-m");
        assertError("cman_tool: timeout is only appropriate with wait\n", "join", "-t", "5");
    }

    @Test
    void validationLevelsFollowTheFirstLetter() {
        assertEquals("FAIL", CmanTool.parse(new String[] {"join"}).validation);
        assertEquals("WARN", CmanTool.parse(new String[] {"join", "-Dwarn"}).validation);
        assertEquals("NONE", CmanTool.parse(new String[] {"join", "-D"}).validation);
        assertEquals("FAIL", CmanTool.parse(new String[] {"join", "-Dforce"}).validation);
    }

    private static void assertError(String message, String... args) {
        CmanToolTest.Run run = CmanToolTest.run(args);
        assertEquals(message, run.err(), String.join(" ", args));
        assertEquals(1, run.code(), String.join(" ", args));
    }
}
