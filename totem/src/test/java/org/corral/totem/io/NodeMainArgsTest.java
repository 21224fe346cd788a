package org.corral.totem.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the node runner: one line on stderr and exit 1, never a stack trace. cman's derivations. */
class NodeMainArgsTest {
    @TempDir
    Path dir;

    private String refused(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, TotemNodeMain.run(args));
        } finally {
            System.setErr(old);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("totem-node: ") && text.strip().lines().count() == 1, text);
        return text;
    }

    @Test
    void badArgumentsAreOneLineErrors() throws Exception {
        refused();
        refused("--node-id", "1");
        refused("--node-id", "1", "--nodes", "1=127.0.0.1", "--transport", "tcp");
        refused("--node-id", "x", "--nodes", "1=127.0.0.1");
        refused("--node-id", "1", "--nodes", "1=127.0.0.1", "--bogus", "1");
        assertTrue(refused("--node-id", "1", "--nodes", "1=127.0.0.1", "--state-dir", dir.toString())
                .contains("--key-file or --cluster-name"));
        assertTrue(refused("--node-id", "1", "--nodes", "1=127.0.0.1,1=127.0.0.2", "--state-dir", dir.toString(),
                "--secauth", "off").contains("twice"));
        assertTrue(refused("--node-id", "1", "--nodes", "1=127.0.0.1", "--state-dir", dir.toString(),
                "--cluster-name", "much-too-long-name").contains("15 characters"));
    }

    @Test
    void aKeyFileReadableByOthersIsRefused() throws Exception {
        Path key = dir.resolve("authkey");
        Files.write(key, new byte[128]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        String text = refused("--node-id", "1", "--nodes", "1=127.0.0.1", "--state-dir", dir.toString(), "--key-file", key.toString());
        assertTrue(text.contains("accessible by group or others"), text);
    }

    @Test
    void cmanDerivesClusterIdAndGroupFromTheName() {
        // Values checked against real cman outputs (reference/rhcs.md 1.4).
        assertEquals(26777, NetConfig.cmanClusterId("cluster1"));
        assertEquals(56756, NetConfig.cmanClusterId("mycluster"));
        assertEquals(46516, NetConfig.cmanClusterId("MyCluster"));
        assertEquals(3240, NetConfig.cmanClusterId("build"));
        assertEquals("239.192.86.80", NetConfig.cmanMulticastGroup(22265));
    }

    @Test
    void profilesFollowCmanAndCorosync() {
        TotemNodeMain.Options cman = TotemNodeMain.Options.parse(new String[] {"--node-id", "1", "--nodes", "1=127.0.0.1"});
        TotemConfig three = TotemNodeMain.Setup.totemConfig(cman, NodeId.of(1), 3);
        assertEquals(10000, three.tokenTimeoutMs());
        assertEquals(12000, three.consensusTimeoutMs());
        assertEquals(60, three.joinTimeoutMs());
        assertEquals(2000, TotemNodeMain.Setup.totemConfig(cman, NodeId.of(1), 2).consensusTimeoutMs());
        TotemNodeMain.Options fast = TotemNodeMain.Options.parse(new String[] {"--node-id", "1", "--nodes", "1=127.0.0.1",
                "--profile", "fast", "--token", "1000"});
        assertEquals(200, TotemNodeMain.Setup.totemConfig(fast, NodeId.of(1), 3).consensusTimeoutMs());
        TotemNodeMain.Options corosync = TotemNodeMain.Options.parse(new String[] {"--node-id", "1", "--nodes", "1=127.0.0.1",
                "--profile", "corosync", "--token", "1000"});
        assertEquals(1200, TotemNodeMain.Setup.totemConfig(corosync, NodeId.of(1), 3).consensusTimeoutMs());
    }
}
