package org.corral.fenced.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fence_node against fake agents: tiny sh scripts in $CORRAL_ROOT/usr/sbin that record their stdin
 * and exit with the code found in a file named after them (0 when there is none).
 */
class FenceNodeTest {
    private static final String CONF = """
            <?xml version="1.0"?>
            <cluster name="c" config_version="1">
              <cman two_node="1" expected_votes="1"/>
              <clusternodes>
                <clusternode name="node1.example.com" nodeid="1">
                  <fence>
                    <method name="ipmi"><device name="bmc1" action="reboot"/></method>
                    <method name="pdu"><device name="pdu" port="1"/><device name="pdu" port="11"/></method>
                  </fence>
                </clusternode>
                <clusternode name="node2.example.com" nodeid="2">
                  <unfence><device name="pdu" port="2" action="on"/><device name="bmc1"/></unfence>
                </clusternode>
              </clusternodes>
              <fencedevices>
                <fencedevice name="bmc1" agent="fence_bmc" ipaddr="10.0.0.1" login="root" passwd="secret"/>
                <fencedevice name="pdu" agent="fence_pdu" ipaddr="10.0.0.9" login="apc" passwd="secret"/>
              </fencedevices>
            </cluster>
            """;

    @TempDir
    Path root;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(root.resolve("etc/cluster"));
        Files.writeString(root.resolve("etc/cluster/cluster.conf"), CONF);
        Path sbin = Files.createDirectories(root.resolve("usr/sbin"));
        for (String name : List.of("fence_bmc", "fence_pdu")) {
            Path agent = sbin.resolve(name);
            Files.writeString(agent, "#!/bin/sh\nd=" + root + "\n{ cat; echo ---; } >> \"$d/calls\"\n"
                    + "rc=0; [ -f \"$d/rc_" + name + "\" ] && rc=$(cat \"$d/rc_" + name + "\")\nexit $rc\n");
            Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private int run(String... args) {
        return FenceNode.run(args, new FenceNode.Environment(root.toString(), null, "/nonexistent",
                Optional.of("node2.example.com")), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> stderr() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void fail(String agent) throws IOException {
        Files.writeString(root.resolve("rc_" + agent), "1\n");
    }

    private List<String> calls() throws IOException {
        return Files.readString(root.resolve("calls")).lines().toList();
    }

    @Test
    void firstMethodSucceeds() throws IOException {
        assertEquals(0, run("node1.example.com"));
        assertEquals(List.of("fence node1.example.com success"), stderr());
        assertEquals(List.of("action=reboot", "nodename=node1.example.com", "agent=fence_bmc", "ipaddr=10.0.0.1",
                "login=root", "passwd=secret", "---"), calls());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void verboseShowsEachDeviceAndTheSecondMethodNeedsBothDevices() throws IOException {
        fail("fence_bmc");
        assertEquals(0, run("-v", "node1.example.com"));
        assertEquals(List.of("fence node1.example.com dev 0.0 agent fence_bmc result: error from agent",
                "fence node1.example.com dev 1.0 agent fence_pdu result: success",
                "fence node1.example.com dev 1.1 agent fence_pdu result: success",
                "fence node1.example.com success"), stderr());
        assertEquals(3, calls().stream().filter("---"::equals).count());
    }

    @Test
    void doubleVerboseShowsArgumentsWithoutThePassword() throws IOException {
        assertEquals(0, run("-vv", "node1.example.com"));
        assertEquals("agent args: action=reboot nodename=node1.example.com agent=fence_bmc ipaddr=10.0.0.1 login=root "
                + "passwd=[set] ", stderr().get(1));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("secret"));
    }

    @Test
    void allMethodsFailingIsOnePassThenFailed() throws IOException {
        fail("fence_bmc");
        fail("fence_pdu");
        assertEquals(1, run("node1.example.com"));
        assertEquals(List.of("fence node1.example.com failed"), stderr());
        assertEquals(2, calls().stream().filter("---"::equals).count(), "no retry loop; pdu stops at its first device");
    }

    @Test
    void methodNumberRunsOnlyThatMethod() throws IOException {
        assertEquals(0, run("-v", "-m", "2", "node1.example.com"));
        assertEquals("fence node1.example.com dev 1.0 agent fence_pdu result: success", stderr().get(0));
        assertEquals(List.of("port=1", "nodename=node1.example.com", "agent=fence_pdu", "ipaddr=10.0.0.9", "login=apc",
                "passwd=secret", "action=reboot", "---", "port=11", "nodename=node1.example.com", "agent=fence_pdu",
                "ipaddr=10.0.0.9", "login=apc", "passwd=secret", "action=reboot", "---"), calls());
    }

    @Test
    void shortNameFindsTheConfiguredNode() {
        assertEquals(0, run("node1"));
        assertEquals(List.of("fence node1 success"), stderr());
    }

    @Test
    void unknownNodeIsUndefined() {
        assertEquals(2, run("-v", "node9"));
        assertEquals(List.of("fence node9 dev 0.0 agent none result: error no method", "fence node9 undefined"),
                stderr());
    }

    @Test
    void unfenceTriesEveryDeviceDefaultingToTheLocalNode() throws IOException {
        fail("fence_pdu");
        assertEquals(1, run("-U", "-v"));
        assertEquals(List.of("unfence node2.example.com dev 0.0 agent fence_pdu result: error from agent",
                "unfence node2.example.com dev 0.1 agent fence_bmc result: success", "unfence node2.example.com failed"),
                stderr());
        assertTrue(calls().contains("action=on"));
        err.reset();
        Files.delete(root.resolve("rc_fence_pdu"));
        assertEquals(0, run("-U"));
        assertEquals(List.of("unfence node2.example.com success"), stderr());
        err.reset();
        assertEquals(2, run("-U", "node1.example.com"));
        assertEquals(List.of("unfence node1.example.com undefined"), stderr());
    }

    @Test
    void missingAgentIsAnErrorFromAgent() throws IOException {
        Files.delete(root.resolve("usr/sbin/fence_bmc"));
        assertEquals(0, run("-v", "node1.example.com"));
        assertEquals("fence node1.example.com dev 0.0 agent fence_bmc result: error from agent", stderr().get(0));
    }

    @Test
    void badInputGetsOneLineAndExitOne() throws IOException {
        assertEquals(1, run());
        assertEquals(List.of("fence_node: no node name specified"), stderr());
        err.reset();
        assertEquals(1, run("-x", "node1"));
        assertEquals(List.of("fence_node: invalid option -- 'x'", "Please use '-h' for usage."), stderr());
        err.reset();
        assertEquals(1, run("node1", "-m"));
        assertEquals(List.of("fence_node: option requires an argument -- 'm'", "Please use '-h' for usage."), stderr());
        err.reset();
        assertEquals(1, run("-m", "zero", "node1"));
        assertEquals(List.of("fence_node: method number must be 1 to 8, not 'zero'"), stderr());
        err.reset();
        assertEquals(1, run("node1", "node2"));
        assertEquals(List.of("fence_node: unknown option node2"), stderr());
        err.reset();
        Files.delete(root.resolve("etc/cluster/cluster.conf"));
        assertEquals(1, run("node1"));
        assertEquals(List.of("fence_node: Unable to open " + root.resolve("etc/cluster/cluster.conf")
                + ": No such file or directory", "fence node1 failed"), stderr());
        err.reset();
        Files.writeString(root.resolve("etc/cluster/cluster.conf"), "<cluster");
        assertEquals(1, run("node1"));
        assertEquals(2, stderr().size());
        assertTrue(stderr().get(0).startsWith("fence_node: "), stderr().get(0));
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run("-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage:\n\nfence_node [options] node_name\n"));
        out.reset();
        assertEquals(0, run("-V"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("fence_node 3.0.12"));
    }

    @Test
    void theMainClassExitsWithTheCodeAndNoStackTrace() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                FenceNode.class.getName(), "-c", root.resolve("etc/cluster/cluster.conf").toString(), "nodeX");
        builder.environment().put("CORRAL_ROOT", root.toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertEquals("fence nodeX undefined\n", output);
    }
}
