package org.corral.tools.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.corral.conf.core.EffectiveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corrald's override options (cman_tool join -c -m -p -N -k -e -v): their checks, and that an
 * overridden cluster name gives exactly what a cluster.conf with that name gives, so the other
 * nodes refuse it the same way.
 */
class CorraldOverridesTest {
    @TempDir
    Path dir;

    private Path root(String name, String clusterName, String cman) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("etc/cluster"));
        Files.writeString(root.resolve("etc/cluster/cluster.conf"), "<?xml version=\"1.0\"?>\n<cluster name=\""
                + clusterName + "\" config_version=\"3\">\n  " + cman + "\n  <clusternodes>\n"
                + "    <clusternode name=\"127.0.0.1\" nodeid=\"1\"/>\n    <clusternode name=\"127.0.0.2\" nodeid=\"2\"/>\n"
                + "    <clusternode name=\"127.0.0.3\" nodeid=\"3\"/>\n  </clusternodes>\n</cluster>\n");
        return root;
    }

    private static DaemonConfig load(Path root, String... args) {
        return DaemonConfig.load(root, Optional.of("127.0.0.1"), CorraldMain.parse(args).overrides());
    }

    @Test
    void anOverriddenClusterNameIsExactlyAClusterConfWithThatName() throws IOException {
        DaemonConfig overridden = load(root("a", "alpha", "<cman/>"), "-c", "beta");
        DaemonConfig written = load(root("b", "beta", "<cman/>"));
        EffectiveConfig o = overridden.effective();
        EffectiveConfig w = written.effective();
        assertEquals(w.clusterName(), o.clusterName());
        assertEquals(w.clusterId(), o.clusterId());
        assertEquals(w.rings(), o.rings());
        assertArrayEquals(w.key().nameKey(), o.key().nameKey());
        assertEquals(written.net().rings().get(0).group(), overridden.net().rings().get(0).group());
        assertEquals("beta", o.clusterName());
    }

    @Test
    void portMulticastNodeIdVotesAndExpectedOverrideThisNode() throws IOException {
        DaemonConfig config = load(root("a", "alpha", "<cman port=\"5405\"/>"), "-p", "6001", "-m", "239.192.9.9", "-N",
                "9", "-v", "3", "-e", "7");
        assertEquals(6001, config.net().rings().get(0).port());
        assertEquals("239.192.9.9", config.net().rings().get(0).group().getHostAddress());
        assertEquals(9, config.net().self().value());
        assertEquals(3, config.effective().localNode().orElseThrow().votes());
        assertEquals(5, config.effective().totalVotes());
        assertEquals(7, config.effective().expectedVotes());
        assertEquals(List.of(2, 3, 9), List.copyOf(config.net().nodes().keySet()).stream().map(n -> n.value()).toList());
    }

    @Test
    void aConfiguredClusterIdStaysAndAKeyFileReplacesTheNameKey() throws IOException {
        Path root = root("a", "alpha", "<cman cluster_id=\"4242\"/>");
        Path key = root.resolve("etc/cluster/authkey");
        Files.write(key, new byte[128]);
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        DaemonConfig config = load(root, "-c", "beta", "-k", "/etc/cluster/authkey");
        assertEquals(4242, config.effective().clusterId());
        assertEquals(Optional.of("/etc/cluster/authkey"), config.effective().key().keyFile());
    }

    @Test
    void badValuesAreOneLineRefusals() throws IOException {
        Path root = root("a", "alpha", "<cman/>");
        assertRefused("Invalid cluster name. It must be 15 characters or fewer", root, "-c", "sixteen-chars-xx");
        assertRefused("Port must be a number between 1 and 65535", root, "-p", "0");
        assertRefused("Port must be a number between 1 and 65535", root, "-p", "70000");
        assertRefused("Node id must be between 1 and 4096", root, "-N", "0");
        assertRefused("Node id 2 is already used by 127.0.0.2 in cluster.conf", root, "-N", "2");
        assertRefused("Multicast address 'mcast.example' is not an IPv4 address", root, "-m", "mcast.example");
        assertRefused("-p 'x' is not a number", root, "-p", "x");
        assertRefused("votes 256 outside 0..255", root, "-v", "256");
        assertRefused("option -c needs a value", root, "-c");
        assertRefused("option -p given twice", root, "-p", "1", "-p", "2");
    }

    private static void assertRefused(String message, Path root, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(root, args));
        assertEquals(message, e.getMessage());
    }
}
