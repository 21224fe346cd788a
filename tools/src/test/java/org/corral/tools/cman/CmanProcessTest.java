package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.tools.daemon.LocalCluster;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real corrald processes (token 1000 ms) running cman's quorum: the three-node story, the
 * refusal of a node with another config_version, and two_node. Every wait is on a condition.
 */
class CmanProcessTest {
    @TempDir
    Path dir;

    static List<String> call(LocalCluster cluster, int node, String command, List<String> args) {
        try (ControlClient client = ControlClient.connect(cluster.socket(node), 5000)) {
            ControlFrames.Reply reply = client.call(Service.QUORUM, command, args);
            return reply.ok() ? reply.lines() : List.of("ERROR " + reply.status() + " " + reply.lines());
        } catch (IOException | RuntimeException e) {
            return List.of("ERROR " + e.getMessage());
        }
    }

    static String status(LocalCluster cluster, int node) {
        return String.join("\n", call(cluster, node, "status", List.of())) + "\n";
    }

    static String log(LocalCluster cluster, int node) throws IOException {
        return Files.readString(cluster.root(node).resolve("var/log/cluster/corosync.log"), StandardCharsets.UTF_8);
    }

    @Test
    void threeNodesLoseQuorumRegainItAndExpectedOneRestoresIt() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            cluster.startAll();
            cluster.awaitCondition("node1 quorate with 3 nodes", () -> status(cluster, 1).contains("Nodes: 3\n")
                    && status(cluster, 1).contains("Quorum: 2  \n"));
            String status = status(cluster, 1);
            assertTrue(status.startsWith("Version: 6.2.0\nConfig Version: 1\nCluster Name: ptest\n"), status);
            assertTrue(status.contains("\nExpected votes: 3\nTotal votes: 3\nNode votes: 1\nQuorum: 2  \n"), status);
            assertTrue(status.contains("\nFlags: \nPorts Bound: 0  \nNode name: node1\nNode ID: 1\n"), status);
            String nodes = String.join("\n", call(cluster, 1, "nodes", List.of()));
            assertTrue(nodes.startsWith("Node  Sts   Inc   Joined               Name\n   1   M  "), nodes);

            cluster.kill(3);
            cluster.awaitCondition("node1 quorate with 2", () -> status(cluster, 1).contains("Nodes: 2\n")
                    && status(cluster, 1).contains("Quorum: 2  \n"));
            assertEquals(List.of("3 X Dead "), call(cluster, 1, "nodes", List.of("-n", "node3", "-F", "id,type,state")));

            cluster.kill(2);
            cluster.awaitCondition("node1 blocked", () -> status(cluster, 1).contains("Quorum: 2 Activity blocked\n"));
            assertTrue(log(cluster, 1).contains("[CMAN  ] quorum lost, blocking activity"), log(cluster, 1));

            cluster.start(2);
            cluster.awaitCondition("node1 regained", () -> status(cluster, 1).contains("Quorum: 2  \n"));
            assertTrue(log(cluster, 1).contains("[CMAN  ] quorum regained, resuming activity"));

            cluster.kill(2);
            cluster.awaitCondition("node1 blocked again", () -> status(cluster, 1).contains("Activity blocked"));
            List<String> refused = call(cluster, 1, "expected", List.of("5"));
            assertEquals("ERROR " + ControlService.Answer.ERR_INVALID_PARAM + " [Invalid argument]", refused.get(0));
            assertEquals(List.of(), call(cluster, 1, "expected", List.of("1")));
            cluster.awaitCondition("quorate after expected -e 1", () -> status(cluster, 1).contains("Quorum: 1  \n"));

            // A node with another config_version is refused with cman's message and killed.
            Path conf = cluster.root(3).resolve("etc/cluster/cluster.conf");
            Files.writeString(conf, Files.readString(conf).replace("config_version=\"1\"", "config_version=\"2\""));
            cluster.start(3);
            assertTrue(cluster.daemon(3).waitFor(LocalCluster.WAIT_MS, TimeUnit.MILLISECONDS), "node3 still runs");
            assertTrue(log(cluster, 1).contains("Node 3 conflict, remote config version id=2, local=1"), log(cluster, 1));
            assertTrue(log(cluster, 3).contains("cman killed by node 1"), log(cluster, 3));
            assertEquals(1, cluster.daemon(3).exitValue());
        }
    }

    @Test
    void twoNodeSurvivorStaysQuorate() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 2)) {
            cluster.startAll();
            cluster.awaitCondition("two nodes", () -> status(cluster, 1).contains("Nodes: 2\n"));
            String status = status(cluster, 1);
            assertTrue(status.contains("\nExpected votes: 1\nTotal votes: 2\nNode votes: 1\nQuorum: 1  \n"), status);
            assertTrue(status.contains("\nFlags: 2node \n"), status);
            cluster.kill(2);
            cluster.awaitCondition("one node", () -> status(cluster, 1).contains("Nodes: 1\n"));
            assertTrue(status(cluster, 1).contains("Quorum: 1  \n"), status(cluster, 1));
        }
    }
}
