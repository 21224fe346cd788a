package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.tools.daemon.CorraldMain;
import org.corral.tools.daemon.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cman_tool join's overrides reach corrald: three real daemons from LocalCluster's cluster.conf,
 * node3 started with -p (another port: it forms a ring of its own while nodes 1 and 2 stay a pair)
 * and then with -N 7 where nodes 1 and 2 already know node3 as id 7 but node3's own cluster.conf
 * still says 3 (a renumbering not yet copied to node3): it joins as 7. The corrald arguments are
 * the ones {@link CmanJoin#corraldArguments} builds from cman_tool's options.
 */
class JoinOverridesProcessTest {
    @TempDir
    Path dir;

    /** corrald for node3 of {@code cluster} with cman_tool join's options mapped to corrald's. */
    private static Process startOverridden(LocalCluster cluster, Path dir, String... cmanToolArgs) throws IOException {
        List<String> joinArgs = new ArrayList<>(List.of("join", "-n", "node3"));
        joinArgs.addAll(List.of(cmanToolArgs));
        CmanTool.Options options = CmanTool.parse(joinArgs.toArray(String[]::new));
        CmanTool.checkArguments(options);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + dir.resolve("hosts"),
                "-cp", System.getProperty("java.class.path"), CorraldMain.class.getName()));
        command.addAll(CmanJoin.corraldArguments(options, null));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node3.out").toFile()));
        builder.environment().put("CORRAL_ROOT", cluster.root(3).toString());
        return builder.start();
    }

    private static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int configuredPort(LocalCluster cluster) throws IOException {
        String conf = Files.readString(cluster.root(1).resolve("etc/cluster/cluster.conf"));
        int at = conf.indexOf(" port=\"") + 7;
        return Integer.parseInt(conf.substring(at, conf.indexOf('"', at)));
    }

    @Test
    void portAndNodeIdOverridesTakeEffect() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            for (int node = 1; node <= 2; node++) {
                Path conf = cluster.root(node).resolve("etc/cluster/cluster.conf");
                Files.writeString(conf, Files.readString(conf).replace("name=\"node3\" nodeid=\"3\"",
                        "name=\"node3\" nodeid=\"7\""));
            }
            cluster.start(1);
            cluster.start(2);
            cluster.awaitRing(1, 2);
            Process node3 = startOverridden(cluster, dir, "-p", Integer.toString(configuredPort(cluster) + 2));
            try {
                cluster.awaitCondition("node3 up alone on its own port", () -> cluster.ringMembers(3) == 1
                        && CmanProcessTest.status(cluster, 3).contains("Nodes: 1\n"));
                assertTrue(cluster.ringMembers(1) == 2, "node1 should still see 2 members\n" + cluster.logs());
            } finally {
                stop(node3);
            }
            node3 = startOverridden(cluster, dir, "-N", "7");
            try {
                cluster.awaitCondition("node3 joined as node id 7", () -> cluster.ringMembers(1) == 3
                        && CmanProcessTest.status(cluster, 3).contains("\nNode ID: 7\n"));
                List<String> nodes = CmanProcessTest.call(cluster, 1, "nodes", List.of("-F", "id,name"));
                assertTrue(nodes.contains("7 node3 "), nodes + "\n" + cluster.logs());
            } finally {
                stop(node3);
            }
        }
    }

    /**
     * With a key file shared by all three (so totem does not already keep them apart by the name
     * key), node3 joining with -c other is refused by cman's conflict check and stops, as a node
     * whose cluster.conf had another name is.
     */
    @Test
    void anOverriddenClusterNameIsRefusedByTheOthers() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            byte[] key = new byte[128];
            new java.util.Random(42).nextBytes(key);
            for (int node = 1; node <= 3; node++) {
                Path conf = cluster.root(node).resolve("etc/cluster/cluster.conf");
                Files.writeString(conf, Files.readString(conf).replace("<cman ", "<cman keyfile=\"/etc/cluster/authkey\" "));
                Path keyFile = cluster.root(node).resolve("etc/cluster/authkey");
                Files.write(keyFile, key);
                Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            cluster.start(1);
            cluster.start(2);
            cluster.awaitRing(1, 2);
            Process node3 = startOverridden(cluster, dir, "-c", "other");
            try {
                assertTrue(node3.waitFor(LocalCluster.WAIT_MS, TimeUnit.MILLISECONDS), "node3 still runs\n" + cluster.logs());
                String log1 = Files.readString(cluster.root(1).resolve("var/log/cluster/corosync.log"));
                assertTrue(log1.contains("Node 3 conflict, remote cluster name='other', local='ptest'"), cluster.logs());
                assertEquals(1, node3.exitValue());
                cluster.awaitRing(1, 2);
            } finally {
                stop(node3);
            }
        }
    }
}
