package org.corral.tools.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's fence tests on one machine, through the same script as {@code ./corral up 2}
 * (share/corral/two-node-lab) over a distribution laid out in a temporary folder whose launchers
 * run this build's classes: two corrald booted by etc/init.d/cman, a fence_sim BMC per node, one
 * fence_sim APC switch.
 * Each node is the victim of each test, in one cluster (hang node2, hang node1, cut node1, cut node2):
 * <ol>
 *   <li>hang the victim (SIGSTOP): the survivor logs "fencing node X" and "fence X success" through
 *       fence_ipmilan; the BMC's power off kills the victim, its power on boots it and it rejoins;</li>
 *   <li>cut the victim's outlet (its BMC dies with it): the survivor logs "fence X dev 0.0 agent
 *       fence_ipmilan result: error from agent", then fence_apc succeeds: "fence X success";
 *       the victim boots again when the outlet comes back on and rejoins.</li>
 * </ol>
 * The failure-to-success times are printed (docs/fencing.md explains them); nothing is timed as an assertion.
 */
class TwoNodeFencingProcessTest {
    static final long WAIT_MS = 120_000;

    @TempDir
    Path dir;
    Path dist;
    Path run;

    @AfterEach
    void down() throws Exception {
        if (dist == null) {
            return;
        }
        // Straight from the pid files, without starting any process: cleanup must work even when
        // spawning does not (the BMCs and the switch first, so nothing boots a node again).
        for (String pidFile : List.of("bmc1.pid", "bmc2.pid", "apc.pid", "node1/var/run/cluster/corrald.pid",
                "node2/var/run/cluster/corrald.pid")) {
            Path path = run.resolve(pidFile);
            if (Files.exists(path)) {
                try {
                    ProcessHandle.of(Long.parseLong(Files.readString(path).strip())).ifPresent(ProcessHandle::destroyForcibly);
                } catch (NumberFormatException e) {
                    // a torn pid file: nothing to stop
                }
            }
        }
    }

    private void layOutDistribution() throws IOException {
        dist = TestDistribution.layOut(dir.resolve("dist"));
        run = dir.resolve("run");
        Files.createDirectories(run);
    }

    private String sh(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        int port = 30_000 + (int) (ProcessHandle.current().pid() % 10_000) * 3;
        builder.environment().put("CORRAL_PORT", Integer.toString(port));
        builder.environment().put("CORRAL_BMC_PORT", Integer.toString(port + 10));
        builder.environment().put("CORRAL_APC_PORT", Integer.toString(port + 20));
        builder.environment().put("CORRAL_TOKEN_MS", "1000");
        builder.environment().put("CORRAL_POST_JOIN_DELAY", "3");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + seconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited " + process.exitValue() + ":\n" + text + logs());
        }
        return text;
    }

    private String log(int node) {
        try {
            return Files.readString(run.resolve("node" + node + "/var/log/cluster/corosync.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        for (int k = 1; k <= 2; k++) {
            text.append("--- node").append(k).append(" corosync.log\n").append(log(k));
            try {
                Path boot = run.resolve("node" + k + "/var/log/cluster/boot.out");
                if (Files.exists(boot)) {
                    text.append("--- node").append(k).append(" boot.out\n").append(Files.readString(boot));
                }
            } catch (IOException e) {
                text.append(e.getMessage());
            }
        }
        // The power side: what the virtual BMCs and the switch saw and answered.
        for (String name : List.of("bmc1.log", "bmc1.out", "bmc2.log", "bmc2.out", "apc.log", "apc.out")) {
            try {
                Path file = run.resolve(name);
                if (Files.exists(file)) {
                    text.append("--- ").append(name).append('\n').append(Files.readString(file));
                }
            } catch (IOException e) {
                text.append(e.getMessage());
            }
        }
        return text.toString();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what + "\n" + logs());
            }
            Thread.sleep(50);
        }
    }

    private long corraldPid(int node) throws IOException {
        return Long.parseLong(Files.readString(run.resolve("node" + node + "/var/run/cluster/corrald.pid")).strip());
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void eachNodeHangsAndLosesItsOutletInTurn() throws Exception {
        layOutDistribution();
        String up = sh(List.of(dist.resolve("share/corral/two-node-lab").toString(), "up", run.toString(), dist.toString()), 180);
        assertTrue(up.contains("   Joining fence domain...                                 [  OK  ]"), up);
        assertTrue(up.contains("Quorum: 1  \n") && up.contains("Flags: 2node \n"), up);

        // One cluster for the four steps of the tutorial's table, each node a victim of each test.
        long hang2 = hang(2);
        long hang1 = hang(1);
        long cut1 = cutOutlet(1);
        long cut2 = cutOutlet(2);
        // node1 (rebooted in steps 2 and 3) ran step 4: ipmi failed against the dead BMC, pdu did it.
        String history = sh(List.of("env", "CORRAL_ROOT=" + run.resolve("node1"), dist.resolve("sbin/fence_tool").toString(),
                "history"), 30);
        assertTrue(history.contains("fence_ipmilan    error from agent") && history.contains("fence_apc        success"),
                history);
        System.out.printf("two-node fencing: hang -> fence success node2 %d ms, node1 %d ms; "
                + "outlet cut -> fence success node1 %d ms, node2 %d ms%n", hang2, hang1, cut1, cut2);
    }

    /** Test 1 for one victim: SIGSTOP; the survivor fences it through fence_ipmilan; it reboots and rejoins. */
    private long hang(int victimNode) throws Exception {
        int survivor = 3 - victimNode;
        String name = "node" + victimNode;
        int from = log(survivor).length();
        long victim = corraldPid(victimNode);
        long hangAt = System.nanoTime();
        sh(List.of(dist.resolve("share/corral/two-node-lab").toString(), "hang", run.toString(), dist.toString(), name), 30);
        await("node" + survivor + ": fence " + name + " success", () -> since(survivor, from).contains("fence " + name + " success"));
        long hangToFenced = (System.nanoTime() - hangAt) / 1_000_000;
        String log = since(survivor, from);
        assertTrue(log.contains("[FENCED] fencing node " + name), log);
        assertTrue(!log.contains("error from agent"), "fence_ipmilan did it on the first try:\n" + log);
        assertTrue(ProcessHandle.of(victim).map(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }).orElse(true), "the BMC's power off killed " + name + "'s corrald");
        awaitRejoined(victimNode, victim);
        assertEquals(1, count(since(survivor, from), "fence " + name + " success"));
        return hangToFenced;
    }

    /** Test 2 for one victim: its outlet off (its BMC dies too); ipmi fails, fence_apc succeeds; it boots and rejoins. */
    private long cutOutlet(int victimNode) throws Exception {
        int survivor = 3 - victimNode;
        String name = "node" + victimNode;
        int from = log(survivor).length();
        long victim = corraldPid(victimNode);
        long cutAt = System.nanoTime();
        int apcPort = 30_000 + (int) (ProcessHandle.current().pid() % 10_000) * 3 + 20;
        String off = sh(List.of(dist.resolve("sbin/fence_apc").toString(), "-a", "127.0.0.1", "-u", Integer.toString(apcPort),
                "-l", "apc", "-p", "apc", "-n", Integer.toString(victimNode), "-o", "off"), 60);
        assertTrue(off.contains("Success: Powered OFF"), off);
        await("node" + survivor + ": fence " + name + " success", () -> since(survivor, from).contains("fence " + name + " success"));
        long cutToFenced = (System.nanoTime() - cutAt) / 1_000_000;
        String log = since(survivor, from);
        assertTrue(log.contains("fence " + name + " dev 0.0 agent fence_ipmilan result: error from agent"), log);
        assertTrue(log.indexOf("error from agent") < log.indexOf("fence " + name + " success"), log);
        awaitRejoined(victimNode, victim);
        assertEquals(1, count(since(survivor, from), "fence " + name + " success"));
        return cutToFenced;
    }

    /** The victim runs a new corrald and both nodes list both domain members again. */
    private void awaitRejoined(int victimNode, long oldPid) throws InterruptedException {
        await("node" + victimNode + " boots and rejoins", () -> {
            try {
                return corraldPid(victimNode) != oldPid && inDomain(1, "members       1 2 ") && inDomain(2, "members       1 2 ");
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
    }

    /** The survivor's log from an offset: its corrald runs on, so the file only grows. */
    private String since(int node, int from) {
        String text = log(node);
        return text.length() >= from ? text.substring(from) : text;
    }

    private boolean inDomain(int node, String membersLine) {
        try {
            String out = sh(List.of("env", "CORRAL_ROOT=" + run.resolve("node" + node), dist.resolve("sbin/fence_tool").toString(),
                    "ls"), 30);
            return out.contains(membersLine);
        } catch (Exception | AssertionError e) {
            return false;
        }
    }
}
