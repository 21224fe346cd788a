package org.corral.tools.cman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.corral.tools.fence.TestDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /etc/init.d/cman's failures: the step lines, [FAILED] with the reason, exit 1, and the rollback
 * of what the start began (a corrald that joined but never saw quorum is stopped again).
 */
class InitScriptTest {
    @TempDir
    Path dir;

    record Run(int code, String out) {}

    Run init(Path dist, Path root, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = dist.resolve("etc/init.d/cman").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CORRAL_ROOT", root.toString());
        builder.environment().put("CORRAL_NODE_NAME", "node1");
        builder.environment().put("CORRAL_JAVA_OPTS", "-Djdk.net.hosts.file=" + dir.resolve("hosts"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "init script still runs");
        return new Run(process.exitValue(), out);
    }

    @Test
    void failuresPrintFailedWithTheReasonAndRollBack() throws Exception {
        Path dist = TestDistribution.layOut(dir.resolve("dist"));
        Path root = dir.resolve("node1");

        Run missing = init(dist, root, "start");
        assertEquals(1, missing.code(), missing.out());
        assertEquals("Starting cluster: \n"
                + "   Checking Network Manager...                             [  OK  ]\n"
                + "   Global setup...                                         [  OK  ]\n"
                + "   Starting cman...                                        [FAILED]\n"
                + "xmlconfig cannot find " + root + "/etc/cluster/cluster.conf\n", missing.out());

        Run status = init(dist, root, "status");
        assertEquals(3, status.code());
        assertEquals("corosync is stopped\n", status.out());

        // Three configured nodes, only one starts: it never becomes quorate, so the start fails at
        // "Waiting for quorum" and the corrald it started is stopped again.
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 node1\n127.0.0.2 node2\n127.0.0.3 node3\n");
        Files.createDirectories(root.resolve("etc/cluster"));
        Files.createDirectories(root.resolve("etc/sysconfig"));
        int port = 40_000 + (int) (ProcessHandle.current().pid() % 10_000) * 2;
        Files.writeString(root.resolve("etc/cluster/cluster.conf"), "<?xml version=\"1.0\"?>\n"
                + "<cluster name=\"itest\" config_version=\"1\"><cman transport=\"udpu\" port=\"" + port + "\"/>"
                + "<totem token=\"1000\"/><clusternodes><clusternode name=\"node1\" nodeid=\"1\"/>"
                + "<clusternode name=\"node2\" nodeid=\"2\"/><clusternode name=\"node3\" nodeid=\"3\"/></clusternodes></cluster>\n");
        Files.writeString(root.resolve("etc/sysconfig/cman"), "CMAN_QUORUM_TIMEOUT=3\n");
        Run noQuorum = init(dist, root, "start");
        assertEquals(1, noQuorum.code(), noQuorum.out());
        assertTrue(noQuorum.out().contains("   Starting cman...                                        [  OK  ]\n"
                + "   Waiting for quorum...                                   [FAILED]\n"
                + "cman_tool: Timed-out waiting for cluster\n"), noQuorum.out());
        assertFalse(noQuorum.out().contains("Joining fence domain"), noQuorum.out());
        Path pidFile = root.resolve("var/run/cluster/corrald.pid");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Files.exists(pidFile) && aliveIn(pidFile)) {
            assertTrue(System.nanoTime() < deadline, "the rollback left corrald running");
            Thread.sleep(50);
        }
        assertEquals(3, init(dist, root, "status").code());
    }

    private static boolean aliveIn(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
