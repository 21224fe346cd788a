package org.corral.fenced.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import org.corral.fence.agents.sim.ipmi.IpmiSimServer;
import org.corral.fence.agents.sim.ipmi.VirtualBmc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fence_node with real agents against the virtual BMC of module fence-agents over UDP: our own
 * fence_ipmilan (started through a two-line wrapper in $CORRAL_ROOT/usr/sbin) and Debian's
 * /usr/sbin/fence_ipmilan (package fence-agents; skipped locally when missing, mandatory with CI=true).
 */
class FenceNodeAgainstVirtualBmcTest {
    @TempDir
    Path root;
    IpmiSimServer server;
    Path hooks;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        hooks = root.resolve("hooks");
        VirtualBmc bmc = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"),
                new TreeSet<>(List.of(0, 1, 2, 3, 17)), HexFormat.of().parseHex("a123456789abcdefa123456789abcdef"),
                true), true, new Random(42));
        server = new IpmiSimServer(bmc, new InetSocketAddress("127.0.0.1", 0),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "echo off >> " + hooks,
                "echo on >> " + hooks, null);
        server.start();
        Files.createDirectories(root.resolve("etc/cluster"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void config(String password, String action) throws IOException {
        Files.writeString(root.resolve("etc/cluster/cluster.conf"), """
                <?xml version="1.0"?>
                <cluster name="c" config_version="1">
                  <cman two_node="1" expected_votes="1"/>
                  <clusternodes>
                    <clusternode name="node1" nodeid="1">
                      <fence><method name="ipmi"><device name="ipmi_n1" action="%s"/></method></fence>
                    </clusternode>
                    <clusternode name="node2" nodeid="2"/>
                  </clusternodes>
                  <fencedevices>
                    <fencedevice name="ipmi_n1" agent="fence_ipmilan" ipaddr="127.0.0.1" ipport="%d" login="admin"
                        passwd="%s" lanplus="1" cipher="3" power_wait="0"/>
                  </fencedevices>
                </cluster>
                """.formatted(action, server.port(), password));
    }

    private void ourAgent() throws IOException {
        Path sbin = Files.createDirectories(root.resolve("usr/sbin"));
        Path wrapper = sbin.resolve("fence_ipmilan");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                + "' org.corral.fence.agents.ipmi.FenceIpmilan \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int fenceNode(String path, String... args) {
        return FenceNode.run(args, new FenceNode.Environment(root.toString(), null, path, Optional.of("node2")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> stderr() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void ourFenceIpmilanPowersTheNodeOff() throws Exception {
        ourAgent();
        config("fencepass", "off");
        assertEquals(0, fenceNode("/nonexistent", "-v", "node1"), stderr().toString());
        assertEquals(List.of("fence node1 dev 0.0 agent fence_ipmilan result: success", "fence node1 success"), stderr());
        assertFalse(server.powerOn());
    }

    @Test
    void ourFenceIpmilanRebootsAndAWrongPasswordFails() throws Exception {
        ourAgent();
        config("wrong", "reboot");
        assertEquals(1, fenceNode("/nonexistent", "-v", "node1"));
        assertEquals(List.of("fence node1 dev 0.0 agent fence_ipmilan result: error from agent", "fence node1 failed"),
                stderr());
        assertTrue(server.powerOn(), "nothing was switched");
        err.reset();
        config("fencepass", "reboot");
        assertEquals(0, fenceNode("/nonexistent", "node1"), stderr().toString());
        assertTrue(server.awaitHooks(60_000));
        assertEquals("off\non\n", Files.readString(hooks));
    }

    @Test
    void debiansFenceIpmilanFoundByPath() throws Exception {
        Path debian = Path.of("/usr/sbin/fence_ipmilan");
        if (!Files.isExecutable(debian)) {
            String message = "PEER MISSING: /usr/sbin/fence_ipmilan (Debian package fence-agents)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: peers are mandatory)");
            }
            Assumptions.abort(message);
        }
        config("fencepass", "off");
        assertEquals(0, fenceNode("/usr/sbin:/usr/bin:/bin", "-v", "node1"), stderr().toString());
        assertEquals(List.of("fence node1 dev 0.0 agent fence_ipmilan result: success", "fence node1 success"), stderr());
        assertFalse(server.powerOn());
    }
}
