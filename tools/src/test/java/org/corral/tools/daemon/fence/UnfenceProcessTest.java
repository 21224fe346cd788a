package org.corral.tools.daemon.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.corral.tools.fence.TestDistribution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unfencing at start, as RHCS's cman init script did it: a node whose clusternode has an
 * {@code <unfence>} device runs it with {@code action=on} before it joins the fence domain
 * ("Unfencing self... [  OK  ]"), and {@code fence_node -U} runs it again by hand. The agent is a
 * shell script that appends what it read on stdin to a file, so the test sees every run.
 */
class UnfenceProcessTest {
    @TempDir
    Path dir;
    Path dist;
    Path root;

    @AfterEach
    void down() throws IOException {
        Path pidFile = root == null ? null : root.resolve("var/run/cluster/corrald.pid");
        if (pidFile != null && Files.exists(pidFile)) {
            try {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            } catch (NumberFormatException e) {
                // a torn pid file: nothing to stop
            }
        }
    }

    private record Ran(int code, String out) {
    }

    private Ran run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("CORRAL_ROOT", root.toString());
        env.put("CORRAL_NODE_NAME", "node1");
        env.put("CORRAL_JAVA_OPTS", "-Djdk.net.hosts.file=" + dir.resolve("hosts"));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        return new Ran(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private String calls() throws IOException {
        Path calls = dir.resolve("calls.txt");
        return Files.exists(calls) ? Files.readString(calls, StandardCharsets.UTF_8) : "";
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void startUnfencesTheNodeAndFenceNodeUDoesItAgain() throws Exception {
        dist = TestDistribution.layOut(dir.resolve("dist"));
        root = dir.resolve("node1");
        Files.createDirectories(root.resolve("etc/cluster"));
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 node1\n");
        int port = 40_000 + (int) (ProcessHandle.current().pid() % 5_000) * 2;
        Files.writeString(root.resolve("etc/cluster/cluster.conf"), "<?xml version=\"1.0\"?>\n"
                + "<cluster name=\"unfence\" config_version=\"1\">\n"
                + "  <cman transport=\"udpu\" port=\"" + port + "\" expected_votes=\"1\"/>\n"
                + "  <totem token=\"1000\"/>\n"
                + "  <fence_daemon post_join_delay=\"0\"/>\n"
                + "  <clusternodes>\n"
                + "    <clusternode name=\"node1\" nodeid=\"1\">\n"
                + "      <fence><method name=\"san\"><device name=\"fabric\" status_file=\"lun7\"/></method></fence>\n"
                + "      <unfence><device name=\"fabric\" status_file=\"lun7\"/></unfence>\n"
                + "    </clusternode>\n"
                + "  </clusternodes>\n"
                + "  <fencedevices><fencedevice name=\"fabric\" agent=\"fence_dummy\"/></fencedevices>\n"
                + "</cluster>\n");
        Path agent = root.resolve("usr/sbin/fence_dummy");
        Files.createDirectories(agent.getParent());
        Files.writeString(agent, "#!/bin/sh\n{ echo ---; cat; } >> '" + dir.resolve("calls.txt") + "'\nexit 0\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));

        Ran start = run(List.of(dist.resolve("etc/init.d/cman").toString(), "start"), 180);
        assertEquals(0, start.code(), start.out());
        assertTrue(start.out().contains("   Unfencing self...                                       [  OK  ]"), start.out());
        assertTrue(start.out().indexOf("Unfencing self") < start.out().indexOf("Joining fence domain"), start.out());
        String first = calls();
        assertEquals(1, count(first, "---\n"), () -> {
            try {
                return start.out() + run(List.of(dist.resolve("sbin/fence_node").toString(), "-U", "-vv"), 60);
            } catch (IOException | InterruptedException e) {
                return e.toString();
            }
        });
        // RHCS's order: device attributes, then the fencedevice's, then the action (on for unfencing).
        assertTrue(first.contains("status_file=lun7\nnodename=node1\nagent=fence_dummy\n") && first.endsWith("action=on\n"), first);

        Ran byHand = run(List.of(dist.resolve("sbin/fence_node").toString(), "-U"), 60);
        assertEquals(0, byHand.code(), byHand.out());
        assertTrue(byHand.out().contains("unfence node1 success"), byHand.out());
        assertEquals(2, count(calls(), "action=on\n"), calls());

        Ran stop = run(List.of(dist.resolve("etc/init.d/cman").toString(), "stop"), 120);
        assertEquals(0, stop.code(), stop.out());
    }
}
