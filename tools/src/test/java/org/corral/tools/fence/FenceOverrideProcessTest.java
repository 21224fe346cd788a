package org.corral.tools.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.corral.tools.daemon.LocalCluster;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fenced inside corrald when every method fails: three corrald (token 1000 ms), node3's only
 * device is an agent that always fails. After node3 dies the master (node1) retries forever
 * ("fence node3 failed", again and again) until fence_ack_manual writes node3 into the override
 * FIFO: "fence node3 overridden by administrator intervention". Node2 defers to node1. Then node2
 * dies as well: node1, alone and inquorate, shows "wait state quorum" and fences nobody.
 */
class FenceOverrideProcessTest {
    @TempDir
    Path dir;

    static List<String> fence(LocalCluster cluster, int node, String command) {
        try (ControlClient client = ControlClient.connect(cluster.socket(node), 5000)) {
            ControlFrames.Reply reply = client.call(Service.FENCE, command, List.of());
            return reply.ok() ? reply.lines() : List.of("ERROR " + reply.lines());
        } catch (IOException | RuntimeException e) {
            return List.of("ERROR " + e.getMessage());
        }
    }

    static String log(LocalCluster cluster, int node) {
        try {
            return Files.readString(cluster.root(node).resolve("var/log/cluster/corosync.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void allMethodsFailingLoopsUntilFenceAckManual() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            for (int k = 1; k <= 3; k++) {
                Path conf = cluster.root(k).resolve("etc/cluster/cluster.conf");
                String text = Files.readString(conf)
                        .replace("<clusternode name=\"node3\" nodeid=\"3\"/>", "<clusternode name=\"node3\" nodeid=\"3\">"
                                + "<fence><method name=\"broken\"><device name=\"nope\"/></method></fence></clusternode>")
                        .replace("</clusternodes>", "</clusternodes>\n  <fence_daemon post_join_delay=\"0\" override_time=\"1\"/>\n"
                                + "  <fencedevices><fencedevice name=\"nope\" agent=\"fence_dummy\"/></fencedevices>");
                Files.writeString(conf, text);
                Path agent = cluster.root(k).resolve("usr/sbin/fence_dummy");
                Files.createDirectories(agent.getParent());
                Files.writeString(agent, "#!/bin/sh\ncat > /dev/null\necho 'device unreachable'\nexit 1\n");
                Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            cluster.startAll();
            for (int k = 1; k <= 3; k++) {
                int node = k;
                cluster.awaitCondition("node" + node + " quorate", () -> log(cluster, node).contains("quorum regained"));
            }
            for (int k = 1; k <= 3; k++) {
                assertEquals(List.of(), fence(cluster, k, "join"));
            }
            cluster.awaitCondition("3 domain members on node1",
                    () -> String.join("\n", fence(cluster, 1, "ls")).contains("members       1 2 3 "));
            cluster.awaitCondition("3 domain members on node2",
                    () -> String.join("\n", fence(cluster, 2, "ls")).contains("members       1 2 3 "));

            cluster.kill(3);
            cluster.awaitCondition("two failed rounds", () -> count(log(cluster, 1), "fence node3 failed") >= 2);
            String log1 = log(cluster, 1);
            assertTrue(log1.contains("[FENCED] fencing node node3"), log1);
            assertTrue(log1.contains("fence node3 dev 0.0 agent fence_dummy result: error from agent"), log1);
            assertTrue(log(cluster, 2).contains("fencing deferred to node1"), log(cluster, 2));
            String ls = String.join("\n", fence(cluster, 1, "ls"));
            assertTrue(ls.contains("victim count  1\n") && ls.contains("wait state    fencing\n"), ls);

            System.setProperty("corral.root", cluster.root(1).toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = FenceAckManual.run(new String[] {"node3"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err, new BufferedReader(new StringReader("absolutely\n")));
            assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Continue [NO/absolutely]? Done\n"), out.toString());
            cluster.awaitCondition("override logged",
                    () -> log(cluster, 1).contains("fence node3 overridden by administrator intervention"));
            cluster.awaitCondition("node2 learns it", () -> log(cluster, 2).contains("victim node3 done: override"));
            assertTrue(String.join("\n", fence(cluster, 1, "ls")).contains("victim count  0\n"));
            assertEquals(List.of("3\tnode3\toverride\t1\t1"), fence(cluster, 2, "done"));
            ByteArrayOutputStream refused = new ByteArrayOutputStream();
            assertEquals(1, FenceAckManual.run(new String[] {"node3"}, new PrintStream(refused, true, StandardCharsets.UTF_8),
                    System.err, new BufferedReader(new StringReader("yes\n"))));
            assertTrue(refused.toString(StandardCharsets.UTF_8).endsWith("Aborted\n"));

            // node2 dies too: node1 alone has no quorum, so its new victim waits ("wait state quorum").
            cluster.kill(2);
            cluster.awaitCondition("node1 waits for quorum", () -> {
                String waiting = String.join("\n", fence(cluster, 1, "ls"));
                return waiting.contains("victim count  1\n") && waiting.contains("wait state    quorum\n");
            });
            assertTrue(!log(cluster, 1).contains("fencing node node2"), log(cluster, 1));
        }
    }
}
