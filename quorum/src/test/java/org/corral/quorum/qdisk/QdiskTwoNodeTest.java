package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumEngine;
import org.corral.quorum.core.QuorumEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case the tutorial seed could not use: a two-node cluster with a quorum disk and a
 * "can I reach the router" heuristic. Two qdisk nodes share one file; each feeds its own cman
 * quorum engine. When the network splits and the heuristic fails on one node, the healthy node
 * keeps the disk's vote and stays quorate; the unhealthy one loses the disk's vote and quorum.
 * Time is virtual (one cycle per simulated second); heuristic results are injected.
 */
class QdiskTwoNodeTest {
    @TempDir
    Path dir;
    QdiskDevice device;
    QdiskConfig config;
    final Map<Integer, Sim> nodes = new TreeMap<>();
    long nowMs;

    /** One machine: qdiskd, its heuristic scorer, cman's quorum engine, and what the "router" answers. */
    final class Sim {
        final int id;
        final QdiskNode qdisk;
        final HeuristicScorer scorer;
        final QuorumEngine cman;
        final List<QdiskEffect> effects = new ArrayList<>();
        boolean routerReachable = true;
        Set<Integer> cmanMembers = Set.of();

        Sim(int id) {
            this.id = id;
            this.qdisk = new QdiskNode(config, id, 1000L * id + 7);
            this.scorer = new HeuristicScorer(config.heuristics());
            TreeMap<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1));
            this.cman = new QuorumEngine(QuorumConfig.cman("qdcluster", 4242, 1, votes, OptionalInt.of(3), false), id);
        }

        void cycle() throws IOException {
            for (int index : scorer.due(nowMs)) {
                scorer.record(index, routerReachable);
            }
            List<QdiskEffect> out = qdisk.cycle(new QdiskNode.CycleInput(nowMs, device.readAllStatus(),
                    scorer.score(), scorer.scoreMax(), cmanMembers, 1000));
            effects.addAll(out);
            device.apply(out);
            for (QdiskEffect effect : out) {
                if (effect instanceof QdiskEffect.RegisterQuorumDevice register) {
                    cman.apply(new QuorumEvent.QdiskRegister(register.name(), register.votes()));
                } else if (effect instanceof QdiskEffect.PollQuorumDevice poll) {
                    cman.apply(new QuorumEvent.QdiskPoll(poll.alive(), nowMs, poll.masterNodeId()));
                }
            }
            cman.apply(new QuorumEvent.Tick(nowMs));
        }

        List<String> logs() {
            return effects.stream().filter(e -> e instanceof QdiskEffect.Log)
                    .map(e -> ((QdiskEffect.Log) e).text()).toList();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        Path file = dir.resolve("qdisk.img");
        QdiskDevice.createFileIfMissing(file);
        device = QdiskDevice.open(file);
        QdiskInit.initialize(device, "qdcluster_qd", "node1", 1_700_000_000L, line -> { });
        QdiskConfigResolver.Result result = QdiskConfigResolver.resolve(
                Map.of("label", "qdcluster_qd", "reboot", "0"),
                List.of(Map.of("program", "ping -c1 -w1 10.0.0.254", "score", "1")),
                QdiskConfigResolver.TOKEN_DEFAULT_MS, List.of(1, 1));
        config = ((QdiskConfigResolver.Result.Resolved) result).config();
        config = new QdiskConfig(config.intervalSeconds(), config.tko(), config.tkoUp(), config.upgradeWait(),
                config.masterWait(), config.votes(), config.minScore(), config.label(), file.toString(),
                config.masterWins(), config.allowKill(), config.reboot(), config.paranoid(), config.ioTimeout(),
                config.maxErrorCycles(), config.stopCman(), config.useUptime(), config.scheduler(), config.priority(),
                config.cmanLabel(), config.statusFile(), config.heuristics());
    }

    @AfterEach
    void tearDown() throws IOException {
        device.close();
    }

    void ring(Set<Integer> members, long generation) {
        for (int id : members) {
            Sim sim = nodes.get(id);
            sim.cmanMembers = members;
            sim.cman.apply(new QuorumEvent.Membership(generation, List.copyOf(new java.util.TreeSet<>(members))));
        }
        for (int announcer : members) {
            for (int id : members) {
                nodes.get(id).cman.apply(new QuorumEvent.NodeInfo(announcer, "qdcluster", 4242, 1, 1, 3));
            }
        }
    }

    /** Runs one-second cycles until the condition holds; fails after a generous bound. */
    void runUntil(String what, BooleanSupplier condition) throws IOException {
        for (int cycle = 0; cycle < 120; cycle++) {
            if (condition.getAsBoolean()) {
                return;
            }
            nowMs += 1000;
            for (Sim sim : nodes.values()) {
                sim.cycle();
            }
        }
        assertTrue(condition.getAsBoolean(), "not reached within 120 cycles: " + what);
    }

    void startBoth() throws IOException {
        nodes.put(1, new Sim(1));
        nodes.put(2, new Sim(2));
        ring(Set.of(1, 2), 4);
        runUntil("a master and the disk votes on both nodes", () ->
                nodes.get(1).cman.view().totalVotes() == 3 && nodes.get(2).cman.view().totalVotes() == 3);
        assertEquals(1, nodes.get(1).qdisk.master(), "the lowest node id with enough score is master");
        assertEquals(1, nodes.get(2).qdisk.master());
        assertTrue(nodes.get(1).logs().contains("Assuming master role"));
        assertTrue(nodes.get(2).logs().contains("Node 1 is the master"));
        assertEquals(1, config.votes(), "auto votes: node count - 1");
        assertFalse(config.masterWins(), "master_wins is off with heuristics");
    }

    @Test
    void heuristicFailingOnTheNonMasterKeepsTheHealthyNodeQuorate() throws IOException {
        startBoth();
        nodes.get(2).routerReachable = false;
        ring(Set.of(1), 8);
        nodes.get(2).cmanMembers = Set.of(2);
        nodes.get(2).cman.apply(new QuorumEvent.Membership(8, List.of(2)));
        runUntil("node 2 loses the disk's vote", () -> !nodes.get(2).cman.view().qdisk().orElseThrow().alive());
        runUntil("node 1 sees node 2 step down", () -> nodes.get(1).logs().contains("Node 2 shutdown"));
        assertTrue(nodes.get(1).cman.quorate(), "node 1 + the disk = 2 of 3");
        assertEquals(2, nodes.get(1).cman.view().totalVotes());
        assertFalse(nodes.get(2).cman.quorate(), "node 2 alone = 1 of 3");
        assertTrue(nodes.get(2).logs().contains("Score insufficient for master operation (0/1; required=1); downgrading"));
        assertFalse(nodes.get(2).effects.stream().anyMatch(e -> e instanceof QdiskEffect.Reboot), "reboot=0");
    }

    @Test
    void theMasterEvictsANodeThatStopsWritingAndTheEvicteeReboots() throws IOException {
        startBoth();
        Sim hung = nodes.remove(2); // node 2 hangs: it no longer writes its block
        runUntil("node 1 evicts node 2", () -> nodes.get(1).logs().contains("Node 2 evicted"));
        assertTrue(nodes.get(1).logs().contains("Writing eviction notice for node 2"));
        assertTrue(nodes.get(1).effects.contains(new QdiskEffect.KillNode(2)), "allow_kill: cman kills the evictee");
        assertEquals(DiskState.EVICT, device.readAllStatus().get(2).state());
        assertEquals(1, device.readAllStatus().get(2).updateNode(), "the master wrote the notice");
        nowMs += 1000;
        hung.cycle(); // node 2 wakes up and reads its own block
        assertTrue(hung.effects.contains(new QdiskEffect.Reboot("evicted by node 1")));
    }

    @Test
    void heuristicFailingOnTheMasterHandsTheDiskToTheHealthyNode() throws IOException {
        startBoth();
        nodes.get(1).routerReachable = false;
        ring(Set.of(2), 8);
        nodes.get(1).cmanMembers = Set.of(1);
        nodes.get(1).cman.apply(new QuorumEvent.Membership(8, List.of(1)));
        runUntil("node 2 becomes master and counts the disk", () ->
                nodes.get(2).qdisk.master() == 2 && nodes.get(2).cman.quorate());
        runUntil("node 1 stays without the disk", () -> !nodes.get(1).cman.quorate());
        assertEquals(DiskState.MASTER, nodes.get(2).qdisk.status());
        assertEquals(DiskState.NONE, nodes.get(1).qdisk.status());
        assertTrue(nodes.get(2).logs().contains("Node 1 shutdown"));
        assertTrue(nodes.get(1).logs().contains("quorum lost, blocking activity") || !nodes.get(1).cman.quorate());
        for (int extra = 0; extra < 30; extra++) {
            nowMs += 1000;
            for (Sim sim : nodes.values()) {
                sim.cycle();
            }
            assertTrue(nodes.get(2).cman.quorate(), "the healthy node never loses quorum");
            assertFalse(nodes.get(1).cman.quorate(), "the unhealthy node never regains it");
        }
    }

    @Test
    void aCleanStopIsSeenAsAShutdownNotAnEviction() throws IOException {
        startBoth();
        Sim leaving = nodes.remove(2);
        device.apply(leaving.qdisk.shutdown(nowMs + 500));
        runUntil("node 1 sees the shutdown", () -> nodes.get(1).logs().contains("Node 2 shutdown"));
        assertFalse(nodes.get(1).logs().contains("Node 2 evicted"));
        assertFalse(nodes.get(1).effects.contains(new QdiskEffect.KillNode(2)));
        assertEquals(DiskState.MASTER, nodes.get(1).qdisk.status());
    }

    @Test
    void theDiskRecordsBothNodesBlocks() throws IOException {
        startBoth();
        Map<Integer, StatusBlock> blocks = device.readAllStatus();
        assertEquals(QdiskLayout.NODES_MAX, blocks.size());
        assertEquals(DiskState.MASTER, blocks.get(1).state());
        assertEquals(DiskState.RUN, blocks.get(2).state());
        assertTrue(StatusBlock.bit(blocks.get(1).masterMask(), 2), "the master lets node 2 count the disk");
        assertEquals(DiskState.NONE, blocks.get(3).state());
        assertTrue(Files.size(device.path()) >= QdiskLayout.deviceBytesMin(512));
    }
}
