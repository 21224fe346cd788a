package org.corral.totem.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes in their own network namespaces on two Linux bridges (one per ring), with the real
 * multicast {@code udp} transport: the IGMP join is visible in the namespace, cutting ring 1's
 * links keeps the membership and marks the ring FAULTY, restoring it recovers it, cutting both of
 * a node's links partitions it, and a node with the wrong key stays out.
 *
 * <p>Needs root and iproute2. Elsewhere it is skipped with a loud message; with CI=true and root
 * a missing {@code ip} fails it. Every namespace, bridge and veth carries a per-run tag and is
 * removed afterwards.
 */
class NamespaceRingTest {
    static final long WAIT_MS = 120_000;
    static final int NODES = 3;

    @TempDir
    Path dir;
    /** Per test method: the kernel destroys a deleted namespace (and its veths) asynchronously. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
    private final String tag = Long.toString(ProcessHandle.current().pid() % 46_656, 36)
            + Character.forDigit(RUNS.getAndIncrement() % 36, 36);
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> links = new ArrayList<>();
    private final TreeMap<Integer, NodeProcess> nodes = new TreeMap<>();

    @BeforeEach
    void requireRootAndIp() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/bin/ip"));
        if (root && !ip && "true".equals(System.getenv("CI"))) {
            fail("CI=true as root but iproute2's ip is missing: apt-get install iproute2");
        }
        if (!root || !ip) {
            System.err.println("\n*** SKIPPED NamespaceRingTest: needs root and iproute2 (root=" + root + ", ip=" + ip
                    + "); the namespace tier did NOT run ***\n");
            Assumptions.abort("namespace tests need root and iproute2");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (NodeProcess node : nodes.values()) {
            node.close();
        }
        // Host-side veths first: deleting one end removes the pair at once, unlike a namespace.
        for (String link : links) {
            run(false, "ip", "link", "del", link);
        }
        for (String ns : namespaces) {
            run(false, "ip", "netns", "del", ns);
        }
    }

    private static String run(boolean check, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " hung");
        }
        if (check && process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }

    private String bridge(int ring) {
        return "crb" + tag + "r" + ring;
    }

    private String hostVeth(int ring, int node) {
        return "crv" + tag + ring + node;
    }

    private String ns(int node) {
        return "corral-" + tag + "-n" + node;
    }

    private void buildNetwork(int nodeCount) throws Exception {
        for (int ring = 0; ring < 2; ring++) {
            run(true, "ip", "link", "add", bridge(ring), "type", "bridge");
            links.add(bridge(ring));
            // Flood multicast on the bridge: no IGMP querier lives on this test network.
            run(true, "ip", "link", "set", bridge(ring), "type", "bridge", "mcast_snooping", "0");
            run(true, "ip", "link", "set", bridge(ring), "up");
        }
        for (int node = 1; node <= nodeCount; node++) {
            run(true, "ip", "netns", "add", ns(node));
            namespaces.add(ns(node));
            run(true, "ip", "netns", "exec", ns(node), "ip", "link", "set", "lo", "up");
            for (int ring = 0; ring < 2; ring++) {
                run(true, "ip", "link", "add", hostVeth(ring, node), "type", "veth", "peer", "name", "ring" + ring, "netns", ns(node));
                links.add(hostVeth(ring, node));
                run(true, "ip", "link", "set", hostVeth(ring, node), "master", bridge(ring), "up");
                run(true, "ip", "netns", "exec", ns(node), "ip", "addr", "add", address(ring, node) + "/24", "dev", "ring" + ring);
                run(true, "ip", "netns", "exec", ns(node), "ip", "link", "set", "ring" + ring, "up");
            }
        }
    }

    private static String address(int ring, int node) {
        return "10.77." + ring + "." + node;
    }

    private NodeProcess start(int id, int nodeCount, Path keyFile) throws Exception {
        return start(id, nodeCount, keyFile, List.of("--transport", "udp"));
    }

    private NodeProcess start(int id, int nodeCount, Path keyFile, List<String> transportArgs) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int node = 1; node <= nodeCount; node++) {
            list.append(node == 1 ? "" : ",").append(node).append('=').append(address(0, node)).append('/').append(address(1, node));
        }
        Path state = Files.createDirectories(dir.resolve("state" + id));
        List<String> args = new ArrayList<>(List.of("--node-id", Integer.toString(id), "--nodes", list.toString(),
                "--cluster-name", "nstest", "--profile", "cman", "--token", "2000",
                "--state-dir", state.toString()));
        args.addAll(transportArgs);
        if (keyFile != null) {
            args.addAll(List.of("--key-file", keyFile.toString()));
        }
        NodeProcess node = new NodeProcess(id, List.of("ip", "netns", "exec", ns(id)), args, dir.resolve("stderr" + id + ".txt"));
        nodes.put(id, node);
        return node;
    }

    private TreeMap<Integer, Integer> marks() {
        TreeMap<Integer, Integer> marks = new TreeMap<>();
        nodes.forEach((id, node) -> marks.put(id, node.lineCount()));
        return marks;
    }

    private void awaitAll(List<Integer> on, TreeMap<Integer, Integer> from, java.util.function.Predicate<String> what, String text)
            throws InterruptedException {
        for (int id : on) {
            nodes.get(id).await(what, from.getOrDefault(id, 0), WAIT_MS, text);
        }
    }

    private void setLinks(int ring, List<Integer> on, String state) throws Exception {
        for (int node : on) {
            run(true, "ip", "link", "set", hostVeth(ring, node), state);
        }
    }

    /**
     * Asks every listed node for its ring status until ring {@code ring}'s line satisfies
     * {@code condition} (bounded). Status, not log lines: a ring may already have been marked (or
     * recovered) by startup noise before the test's cut.
     */
    private void awaitRingStatus(List<Integer> on, int ring, java.util.function.Predicate<String> condition, String what)
            throws Exception {
        for (int id : on) {
            NodeProcess node = nodes.get(id);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (true) {
                int from = node.lineCount();
                node.command("status");
                int at = node.await(line -> line.startsWith("STATUS ring=" + ring + " "), from, WAIT_MS, "status");
                if (condition.test(node.lines().get(at))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node " + id + ": ring " + ring + " never " + what + "; last: " + node.lines().get(at));
                }
                node.awaitQuietly(line -> false, node.lineCount(), 300);
            }
        }
    }

    /** Asks for counters until rx_rejected_authentication is non-zero (bounded). */
    private static boolean rejectedFramesSeen(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline) {
            int from = node.lineCount();
            node.command("counters");
            int at = node.await(line -> line.startsWith("COUNTER rx_rejected_authentication="), from, WAIT_MS, "counters");
            if (!node.lines().get(at).endsWith("=0")) {
                return true;
            }
            // Let a second of traffic pass (a bound, not an assertion) before asking again.
            node.awaitQuietly(line -> false, node.lineCount(), 1000);
        }
        return false;
    }

    @Test
    void multicastRingsSurviveOneCutPartitionOnBothAndRefuseAWrongKey() throws Exception {
        buildNetwork(4);
        for (int id = 1; id <= NODES; id++) {
            start(id, 4, null);
        }
        awaitAll(List.of(1, 2, 3), new TreeMap<>(), NodeProcess.regular("1,2,3"), "members 1,2,3");

        // The real IGMP join: the kernel of node 1's namespace holds the cman-derived group on ring 0.
        String group = NetConfig.cmanMulticastGroup(NetConfig.cmanClusterId("nstest"));
        String maddr = run(true, "ip", "netns", "exec", ns(1), "ip", "maddr", "show", "dev", "ring0");
        assertTrue(maddr.contains(group), "ring0 of node 1 joined " + group + ":\n" + maddr);

        // Cut ring 1 everywhere: same membership, ring 1 FAULTY on every node.
        TreeMap<Integer, Integer> mark = marks();
        setLinks(1, List.of(1, 2, 3), "down");
        awaitRingStatus(List.of(1, 2, 3), 1, line -> line.contains("ringid 1 interface") && line.endsWith(" FAULTY"), "FAULTY");
        for (int id = 1; id <= NODES; id++) {
            NodeProcess node = nodes.get(id);
            assertTrue(node.lines().subList(mark.get(id), node.lineCount()).stream().noneMatch(l -> l.startsWith("CONFIG ")),
                    "node " + id + " kept its membership while ring 0 connected everyone");
        }
        mark = marks();
        setLinks(1, List.of(1, 2, 3), "up");
        awaitRingStatus(List.of(1, 2, 3), 1, line -> !line.contains("FAULTY"), "recovered");
        TreeMap<Integer, Integer> restored = mark;
        assertTrue(nodes.entrySet().stream().anyMatch(e -> e.getValue().lines().subList(restored.get(e.getKey()),
                e.getValue().lineCount()).stream().anyMatch(l -> l.contains("Automatically recovered ring 1"))));

        // Cut both of node 3's links: it is partitioned away, and comes back when they return.
        mark = marks();
        setLinks(0, List.of(3), "down");
        setLinks(1, List.of(3), "down");
        awaitAll(List.of(1, 2), mark, NodeProcess.regular("1,2"), "members 1,2");
        awaitAll(List.of(3), mark, NodeProcess.regular("3"), "node 3 alone");
        mark = marks();
        setLinks(0, List.of(3), "up");
        setLinks(1, List.of(3), "up");
        awaitAll(List.of(1, 2, 3), mark, NodeProcess.regular("1,2,3"), "members 1,2,3 again");

        // A fourth node with the same group but the wrong key stays out; its frames are rejected.
        Path wrong = dir.resolve("wrongkey");
        Files.write(wrong, new byte[128]);
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        mark = marks();
        NodeProcess stranger = start(4, 4, wrong);
        stranger.await(line -> line.startsWith("READY "), 0, WAIT_MS, "stranger ready");
        stranger.await(NodeProcess.regular("4"), 0, WAIT_MS, "stranger alone");
        assertTrue(rejectedFramesSeen(nodes.get(1)), "node 1 counted the stranger's frames as rejected");
        int later = nodes.get(1).lineCount();
        nodes.get(1).command("status");
        nodes.get(1).await(line -> line.startsWith("STATUS ring=1"), later, WAIT_MS, "status after stranger");
        for (int id = 1; id <= 4; id++) {
            NodeProcess node = nodes.get(id);
            boolean member = id < 4;
            assertTrue(node.lines().stream().filter(l -> l.startsWith("CONFIG type=REGULAR"))
                    .noneMatch(l -> member ? NodeProcess.field(l, "members").contains("4") : !NodeProcess.field(l, "members").equals("4")),
                    "node " + id + " never shares a configuration across the key boundary");
        }
    }

    @Test
    void broadcastRingsInActiveModeSurviveOneCut() throws Exception {
        buildNetwork(3);
        for (int id = 1; id <= NODES; id++) {
            start(id, 3, null, List.of("--transport", "udpb", "--rrp-mode", "active"));
        }
        awaitAll(List.of(1, 2, 3), new TreeMap<>(), NodeProcess.regular("1,2,3"), "members 1,2,3 over broadcast");
        nodes.get(1).await(line -> line.startsWith("READY ") && line.contains("transport=udpb") && line.contains("rrp_mode=active"),
                0, WAIT_MS, "udpb active");
        TreeMap<Integer, Integer> mark = marks();
        setLinks(1, List.of(1, 2, 3), "down");
        awaitRingStatus(List.of(1, 2, 3), 1, line -> line.contains("ringid 1 interface") && line.endsWith(" FAULTY"), "FAULTY");
        for (int id = 1; id <= NODES; id++) {
            NodeProcess node = nodes.get(id);
            assertTrue(node.lines().subList(mark.get(id), node.lineCount()).stream().noneMatch(l -> l.startsWith("CONFIG ")),
                    "node " + id + " kept its membership on ring 0 alone");
        }
        setLinks(1, List.of(1, 2, 3), "up");
        awaitRingStatus(List.of(1, 2, 3), 1, line -> !line.contains("FAULTY"), "recovered");
    }
}
