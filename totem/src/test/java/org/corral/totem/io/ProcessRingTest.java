package org.corral.totem.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real JVM processes on 127.0.0.x (Linux routes all of 127/8 on lo) with udpu and secauth: the
 * ring forms, kill -9 gives the survivors a new configuration, a SIGSTOPped node is removed and
 * comes back through a new membership after SIGCONT, a restarted node rejoins with a higher ring
 * sequence. Token 2000 ms: these machines are shared and a JVM can stall for a second.
 */
class ProcessRingTest {
    static final long TOKEN_MS = 2000;
    /** Generous: JVM start on two busy cores, formation, and a few membership rounds. */
    static final long WAIT_MS = 90_000;

    @TempDir
    Path dir;
    private final TreeMap<Integer, NodeProcess> nodes = new TreeMap<>();
    private final int port = 20_000 + (int) (ProcessHandle.current().pid() % 9_000) * 4;

    @AfterEach
    void killChildren() throws InterruptedException {
        for (NodeProcess node : nodes.values()) {
            node.close();
        }
    }

    private String nodeList(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> i + "=node" + i + ".example").collect(Collectors.joining(","));
    }

    /**
     * Node names resolve through a hosts file (the JDK's jdk.net.hosts.file), as clusternode names
     * do through /etc/hosts; node 2 runs on NIO instead of epoll, so both transports meet on one ring.
     */
    private NodeProcess start(int id, int count, Path key) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state" + id));
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, IntStream.rangeClosed(1, count).mapToObj(i -> "127.0.0." + i + " node" + i + ".example\n")
                .collect(Collectors.joining()));
        List<String> jvm = new ArrayList<>(List.of("-Djdk.net.hosts.file=" + hosts));
        if (id == 2) {
            jvm.add("-Dcorral.totem.nio=true");
        }
        NodeProcess node = new NodeProcess(id, List.of(), jvm, List.of("--node-id", Integer.toString(id), "--nodes", nodeList(count),
                "--transport", "udpu", "--port", Integer.toString(port), "--key-file", key.toString(), "--profile", "corosync",
                "--token", Long.toString(TOKEN_MS), "--state-dir", state.toString()), dir.resolve("stderr" + id + ".txt"));
        nodes.put(id, node);
        return node;
    }

    private Path key() throws Exception {
        Path key = dir.resolve("authkey");
        byte[] bytes = new byte[128];
        new java.security.SecureRandom().nextBytes(bytes);
        Files.write(key, bytes);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    private String members(int... ids) {
        return IntStream.of(ids).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** Waits until every listed node has printed a REGULAR configuration of exactly {@code ids}; returns its lines. */
    private List<String> awaitMembership(List<Integer> on, int... ids) throws InterruptedException {
        List<String> found = new ArrayList<>();
        for (int id : on) {
            NodeProcess node = nodes.get(id);
            int at = node.await(NodeProcess.regular(members(ids)), 0, WAIT_MS, "members " + members(ids));
            found.add(node.lines().get(at));
        }
        return found;
    }

    private List<String> awaitMembershipAfter(List<Integer> on, TreeMap<Integer, Integer> from, int... ids) throws InterruptedException {
        List<String> found = new ArrayList<>();
        for (int id : on) {
            NodeProcess node = nodes.get(id);
            int at = node.await(NodeProcess.regular(members(ids)), from.getOrDefault(id, 0), WAIT_MS, "members " + members(ids));
            found.add(node.lines().get(at));
        }
        return found;
    }

    private TreeMap<Integer, Integer> marks() {
        TreeMap<Integer, Integer> marks = new TreeMap<>();
        nodes.forEach((id, node) -> marks.put(id, node.lineCount()));
        return marks;
    }

    @Test
    void threeNodesFormDeliverSurviveKillAndARestartRejoinsHigher() throws Exception {
        Path key = key();
        for (int id = 1; id <= 3; id++) {
            start(id, 3, key);
        }
        List<String> formed = awaitMembership(List.of(1, 2, 3), 1, 2, 3);
        nodes.get(2).await(line -> line.startsWith("READY ") && line.contains(" epoll=false "), 0, WAIT_MS, "node 2 on NIO");
        String epoll = " epoll=" + io.netty.channel.epoll.Epoll.isAvailable() + " ";
        nodes.get(1).await(line -> line.startsWith("READY ") && line.contains(epoll), 0, WAIT_MS, "node 1 on epoll if available");
        long formedSeq = NodeProcess.ringSeq(formed.get(0));

        nodes.get(2).command("send hello from two");
        for (NodeProcess node : nodes.values()) {
            node.await(line -> line.equals("DELIVER origin=2 ring=" + NodeProcess.field(formed.get(0), "ring")
                    + " text=hello from two") || line.startsWith("DELIVER origin=2 ") && line.endsWith("text=hello from two"),
                    0, WAIT_MS, "delivery");
        }

        TreeMap<Integer, Integer> mark = marks();
        nodes.get(3).killHard();
        List<String> survivors = awaitMembershipAfter(List.of(1, 2), mark, 1, 2);
        long survivorSeq = NodeProcess.ringSeq(survivors.get(0));
        assertTrue(survivorSeq > formedSeq);
        assertTrue(nodes.get(1).lines().stream().anyMatch(l -> l.startsWith("CONFIG type=TRANSITIONAL") && l.contains("left=3")),
                "the transitional configuration names node 3 as left");
        // The token's next hop after the kill got ICMP port unreachable from node 3's address: a hint.
        TreeMap<Integer, Integer> killed = mark;
        assertTrue(java.util.stream.Stream.of(1, 2).flatMap(id -> nodes.get(id).lines().subList(killed.get(id),
                        nodes.get(id).lineCount()).stream())
                .anyMatch(l -> l.contains("ICMP port unreachable from node 3 on ring 0")), "the ICMP hint came after the kill");

        mark = marks();
        NodeProcess restarted = start(3, 3, key);
        mark.put(3, 0);
        List<String> rejoined = awaitMembershipAfter(List.of(1, 2, 3), mark, 1, 2, 3);
        for (String line : rejoined) {
            assertTrue(NodeProcess.ringSeq(line) > survivorSeq, "rejoin with a higher ring seq: " + line);
        }
        restarted.command("quit");
        assertEquals(0, restarted.waitExit(WAIT_MS));
    }

    @Test
    void fiveNodesRemoveAStoppedNodeAndTakeItBackAfterSigcont() throws Exception {
        Path key = key();
        for (int id = 1; id <= 5; id++) {
            start(id, 5, key);
        }
        List<String> formed = awaitMembership(List.of(1, 2, 3, 4, 5), 1, 2, 3, 4, 5);
        TreeMap<Integer, Integer> mark = marks();
        nodes.get(5).signal("STOP");
        List<String> without = awaitMembershipAfter(List.of(1, 2, 3, 4), mark, 1, 2, 3, 4);
        long withoutSeq = NodeProcess.ringSeq(without.get(0));
        assertTrue(withoutSeq > NodeProcess.ringSeq(formed.get(0)));

        mark = marks();
        nodes.get(5).signal("CONT");
        List<String> back = awaitMembershipAfter(List.of(1, 2, 3, 4, 5), mark, 1, 2, 3, 4, 5);
        for (String line : back) {
            assertTrue(NodeProcess.ringSeq(line) > withoutSeq, "back through a new membership, not the old ring: " + line);
        }
        // The stopped node itself went through a configuration without the others before it came back.
        assertTrue(nodes.get(5).lines().subList(mark.get(5), nodes.get(5).lineCount()).stream()
                .anyMatch(l -> l.startsWith("CONFIG type=TRANSITIONAL")), "node 5 saw its old ring end");
    }
}
