package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.corral.quorum.qdisk.QdiskDevice;
import org.corral.quorum.qdisk.QdiskInit;
import org.corral.tools.daemon.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case the tutorial could not build: two nodes, a quorum disk (a shared file) with one vote and
 * a heuristic ("can I reach the router") that fails on node2. node1 counts the disk (total 3 of
 * expected 3) and node2 does not; when node2 dies, node1 stays quorate on its vote plus the disk's.
 * node1 names the disk by device=, node2 by label= (found among var/lib/cluster/qdisk's files).
 * Token 10000 ms, because qdiskd refuses anything faster.
 */
class QdiskProcessTest {
    @TempDir
    Path dir;

    @Test
    void theNodeWithAFailingHeuristicDoesNotGetTheDisksVote() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 2)) {
            Path shared = dir.resolve("shared.qdisk");
            QdiskDevice.createFileIfMissing(shared);
            try (QdiskDevice device = QdiskDevice.open(shared)) {
                QdiskInit.initialize(device, "corralqd", "test", System.currentTimeMillis() / 1000, line -> { });
            }
            Files.createFile(cluster.root(1).resolve("router-reachable"));
            for (int k = 1; k <= 2; k++) {
                Path conf = cluster.root(k).resolve("etc/cluster/cluster.conf");
                String text = Files.readString(conf);
                Matcher port = Pattern.compile("port=\"(\\d+)\"").matcher(text);
                assertTrue(port.find());
                Files.createSymbolicLink(cluster.root(k).resolve("qdisk"), shared);
                Files.createDirectories(cluster.root(k).resolve("var/lib/cluster/qdisk"));
                Files.createSymbolicLink(cluster.root(k).resolve("var/lib/cluster/qdisk/shared"), shared);
                String where = k == 1 ? "device=\"/qdisk\"" : "label=\"corralqd\"";
                Files.writeString(conf, "<?xml version=\"1.0\"?>\n<cluster name=\"ptest\" config_version=\"1\">\n"
                        + "  <cman transport=\"udpu\" port=\"" + port.group(1) + "\" expected_votes=\"3\"/>\n"
                        + "  <totem token=\"10000\" secauth=\"on\"/>\n"
                        + "  <quorumd interval=\"1\" votes=\"1\" " + where + " reboot=\"0\" allow_kill=\"0\">\n"
                        + "    <heuristic program=\"test -e " + cluster.root(k).resolve("router-reachable")
                        + "\" score=\"1\" interval=\"1\" tko=\"2\"/>\n  </quorumd>\n"
                        + "  <clusternodes>\n    <clusternode name=\"node1\" nodeid=\"1\"/>\n"
                        + "    <clusternode name=\"node2\" nodeid=\"2\"/>\n  </clusternodes>\n</cluster>\n");
            }
            cluster.startAll();
            cluster.awaitCondition("node1 counts the quorum disk", () -> {
                String status = CmanProcessTest.status(cluster, 1);
                return status.contains("Quorum device votes: 1\n") && status.contains("Total votes: 3\n");
            });
            String node2 = CmanProcessTest.status(cluster, 2);
            assertFalse(node2.contains("Quorum device votes"), node2);
            assertTrue(node2.contains("Total votes: 2\n"), node2);
            String nodes = String.join("\n", CmanProcessTest.call(cluster, 1, "nodes", java.util.List.of()));
            assertTrue(nodes.contains("   0   M      0   "), nodes);

            cluster.kill(2);
            cluster.awaitCondition("node1 alone", () -> CmanProcessTest.status(cluster, 1).contains("Nodes: 1\n"));
            String status = CmanProcessTest.status(cluster, 1);
            assertTrue(status.contains("Total votes: 2\n") && status.contains("Quorum: 2  \n"), status);
        }
    }
}
