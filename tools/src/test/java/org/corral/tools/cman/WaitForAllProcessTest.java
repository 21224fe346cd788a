package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.corral.tools.daemon.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * votequorum's wait_for_all (a Corral extension on {@code <cman>}) in real corrald processes: two of
 * three nodes hold enough votes but stay inquorate until the third has been seen once; after that,
 * losing a node keeps quorum as cman's vote rule says. Every wait is on a condition.
 */
class WaitForAllProcessTest {
    @TempDir
    Path dir;

    @Test
    void twoOfThreeWaitForTheThirdThenSurviveItsLoss() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            for (int k = 1; k <= 3; k++) {
                Path conf = cluster.root(k).resolve("etc/cluster/cluster.conf");
                Files.writeString(conf, Files.readString(conf).replace("<cman ", "<cman wait_for_all=\"1\" "));
            }
            cluster.start(1);
            cluster.start(2);
            // The engine logs this line exactly when the votes (2 of 3) would make the partition quorate
            // and wait_for_all holds it back, so it proves the block without waiting for a non-event.
            String waiting = "[CMAN  ] Waiting for all cluster members. Current votes: 2 expected_votes: 3";
            for (int node = 1; node <= 2; node++) {
                int n = node;
                cluster.awaitCondition("node" + n + " waits for all with 2 members",
                        () -> CmanProcessTest.status(cluster, n).contains("Nodes: 2\n") && logHas(cluster, n, waiting));
                String status = CmanProcessTest.status(cluster, n);
                assertTrue(status.contains("\nTotal votes: 2\nNode votes: 1\nQuorum: 2 Activity blocked\n"), status);
                assertTrue(status.contains("\nFlags: WaitForAll \n"), status);
            }
            String tool = String.join("\n", CmanProcessTest.call(cluster, 1, "quorumtool", List.of()));
            assertTrue(tool.contains("Quorate:          No\n"), tool);
            assertTrue(tool.contains("Flags:            WaitForAll \n"), tool);

            cluster.start(3);
            for (int node = 1; node <= 3; node++) {
                int n = node;
                cluster.awaitCondition("node" + n + " quorate with all 3", () -> quorateWith(cluster, n, 3));
            }
            tool = String.join("\n", CmanProcessTest.call(cluster, 1, "quorumtool", List.of()));
            assertTrue(tool.contains("Flags:            Quorate WaitForAll \n"), tool);

            cluster.kill(3);
            for (int node = 1; node <= 2; node++) {
                int n = node;
                cluster.awaitCondition("node" + n + " still quorate with 2", () -> quorateWith(cluster, n, 2));
                assertFalse(CmanProcessTest.log(cluster, n).contains("quorum lost, blocking activity"),
                        CmanProcessTest.log(cluster, n));
            }
        }
    }

    private static boolean quorateWith(LocalCluster cluster, int node, int members) {
        String status = CmanProcessTest.status(cluster, node);
        return status.contains("Nodes: " + members + "\n") && status.contains("\nQuorum: 2  \n");
    }

    private static boolean logHas(LocalCluster cluster, int node, String text) {
        try {
            return CmanProcessTest.log(cluster, node).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
