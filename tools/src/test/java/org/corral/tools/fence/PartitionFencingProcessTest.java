package org.corral.tools.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.tools.daemon.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes; node3 stalls (SIGSTOP) long enough to be cut off, then resumes while node1's agent
 * is still on its way (the agent waits 4 s, then kills node3's corrald: its "power off"). The
 * quorate side fences node3; node3, back alone or merging into the ring, fences nobody: it was
 * inquorate, and when the ring gives it quorum back it first hears that node1 and node2 are
 * domain members (the sync barrier), so they are no victims of its.
 */
class PartitionFencingProcessTest {
    @TempDir
    Path dir;

    @Test
    void theQuorateSideFencesTheLoneNodeAndTheLoneNodeFencesNobody() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            Path calls = dir.resolve("agent-calls");
            for (int k = 1; k <= 3; k++) {
                Path conf = cluster.root(k).resolve("etc/cluster/cluster.conf");
                String text = Files.readString(conf);
                for (int n = 1; n <= 3; n++) {
                    text = text.replace("<clusternode name=\"node" + n + "\" nodeid=\"" + n + "\"/>",
                            "<clusternode name=\"node" + n + "\" nodeid=\"" + n + "\"><fence><method name=\"power\">"
                                    + "<device name=\"power\"/></method></fence></clusternode>");
                }
                text = text.replace("</clusternodes>", "</clusternodes>\n  <fence_daemon post_join_delay=\"0\"/>\n"
                        + "  <fencedevices><fencedevice name=\"power\" agent=\"fence_dummy\"/></fencedevices>");
                Files.writeString(conf, text);
                Path agent = cluster.root(k).resolve("usr/sbin/fence_dummy");
                Files.createDirectories(agent.getParent());
                Files.writeString(agent, "#!/bin/sh\nvictim=$(sed -n 's/^nodename=//p')\n"
                        + "echo \"node" + k + " fences $victim\" >> '" + calls + "'\nsleep 4\n"
                        + "kill -9 $(cat '" + dir + "'/$victim/var/run/cluster/corrald.pid)\nexit 0\n");
                Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            cluster.startAll();
            for (int k = 1; k <= 3; k++) {
                int node = k;
                cluster.awaitCondition("node" + node + " quorate",
                        () -> FenceOverrideProcessTest.log(cluster, node).contains("quorum regained"));
            }
            for (int k = 1; k <= 3; k++) {
                assertEquals(List.of(), FenceOverrideProcessTest.fence(cluster, k, "join"));
            }
            for (int k = 1; k <= 3; k++) {
                int node = k;
                cluster.awaitCondition("node" + node + " sees 3 domain members", () -> String.join("\n",
                        FenceOverrideProcessTest.fence(cluster, node, "ls")).contains("members       1 2 3 "));
            }
            long node3 = cluster.daemon(3).pid();
            signal("STOP", node3);
            cluster.awaitCondition("node1 starts fencing node3",
                    () -> FenceOverrideProcessTest.log(cluster, 1).contains("fencing node node3"));
            signal("CONT", node3);
            assertTrue(cluster.daemon(3).waitFor(LocalCluster.WAIT_MS, TimeUnit.MILLISECONDS), "node3 was never powered off");
            cluster.awaitCondition("fence node3 success",
                    () -> FenceOverrideProcessTest.log(cluster, 1).contains("fence node3 success"));
            String log3 = FenceOverrideProcessTest.log(cluster, 3);
            System.out.println("node3 after the stall:\n" + log3.substring(Math.max(0, log3.length() - 1500)));
            assertFalse(log3.contains("fencing node node"), log3);
            assertEquals(List.of("node1 fences node3"), Files.readAllLines(calls));
            assertTrue(FenceOverrideProcessTest.log(cluster, 2).contains("fencing deferred to node1"));
        }
    }

    private static void signal(String name, long pid) throws Exception {
        // The shell's builtin kill: /bin/kill (procps) may be missing on a minimal system.
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + pid).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
    }
}
