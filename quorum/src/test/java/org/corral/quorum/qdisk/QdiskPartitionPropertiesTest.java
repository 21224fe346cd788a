package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumEngine;
import org.corral.quorum.core.QuorumEvent;
import org.corral.quorum.core.QuorumSafetyChecker;

/**
 * qdisk under random network partitions and random heuristic failures: n nodes of one vote and a
 * disk of n-1 votes (so one node plus the disk is quorate), every node running qdisk against one
 * shared in-memory disk and its own cman engine, in a random order each simulated second. After
 * every single node's cycle the checker must find at most one quorate partition: the disk's votes
 * are never counted on both sides of a split.
 */
class QdiskPartitionPropertiesTest {

    /** One phase: node id -> partition, node id -> heuristic healthy, how long it lasts. */
    record Phase(Map<Integer, Integer> partitionOf, Map<Integer, Boolean> healthy, int seconds) {}

    record Scenario(int nodes, List<Phase> phases, long orderSeed) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(2, 4).flatMap(n -> {
            Arbitrary<Phase> phase = Combinators.combine(
                    Arbitraries.integers().between(0, 2).list().ofSize(n),
                    Arbitraries.integers().between(0, 9).list().ofSize(n),
                    Arbitraries.integers().between(3, 25))
                    .as((parts, health, seconds) -> {
                        Map<Integer, Integer> partitionOf = new TreeMap<>();
                        Map<Integer, Boolean> healthy = new TreeMap<>();
                        for (int i = 0; i < n; i++) {
                            partitionOf.put(i + 1, parts.get(i));
                            healthy.put(i + 1, health.get(i) >= 3); // healthy 70% of the time
                        }
                        return new Phase(partitionOf, healthy, seconds);
                    });
            return Combinators.combine(phase.list().ofMinSize(1).ofMaxSize(4), Arbitraries.longs())
                    .as((phases, seed) -> new Scenario(n, phases, seed));
        });
    }

    @Property(tries = 500)
    void theDiskNeverMakesTwoPartitionsQuorate(@ForAll("scenarios") Scenario scenario) {
        run(scenario);
    }

    /**
     * The case that needs both deviations from qdiskd: the master (node 1) loses its heuristic on
     * one side of a split, node 2 on the other side takes the disk, and node 3 (with node 1) must
     * stop counting the disk at once rather than after cman's quorum_dev_poll.
     */
    @org.junit.jupiter.api.Test
    void aFailingMasterHandsTheDiskAcrossASplitWithoutOverlap() {
        Map<Integer, Integer> together = Map.of(1, 0, 2, 0, 3, 0);
        Map<Integer, Integer> split = Map.of(1, 0, 2, 1, 3, 0);
        Map<Integer, Boolean> allHealthy = Map.of(1, true, 2, true, 3, true);
        Map<Integer, Boolean> masterSick = Map.of(1, false, 2, true, 3, true);
        for (long seed = 0; seed < 20; seed++) {
            run(new Scenario(3, List.of(new Phase(together, allHealthy, 15), new Phase(split, allHealthy, 3),
                    new Phase(split, masterSick, 20)), seed));
        }
    }

    static void run(Scenario scenario) {
        int n = scenario.nodes();
        List<Integer> votes = Collections.nCopies(n, 1);
        QdiskConfig config = ((QdiskConfigResolver.Result.Resolved) QdiskConfigResolver.resolve(
                Map.of("device", "/dev/shared", "reboot", "0"), List.of(Map.of("program", "ping router")),
                QdiskConfigResolver.TOKEN_DEFAULT_MS, votes)).config();
        TreeMap<Integer, Integer> nodeVotes = new TreeMap<>();
        for (int id = 1; id <= n; id++) {
            nodeVotes.put(id, 1);
        }
        QuorumConfig cmanConfig = QuorumConfig.cman("qp", 9, 1, nodeVotes, OptionalInt.of(2 * n - 1), false);
        Map<Integer, StatusBlock> disk = new TreeMap<>();
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            disk.put(id, StatusBlock.blank(id, 0));
        }
        Map<Integer, QdiskNode> qdisks = new TreeMap<>();
        Map<Integer, HeuristicScorer> scorers = new TreeMap<>();
        Map<Integer, QuorumEngine> engines = new TreeMap<>();
        for (int id = 1; id <= n; id++) {
            qdisks.put(id, new QdiskNode(config, id, 100 + id));
            scorers.put(id, new HeuristicScorer(config.heuristics()));
            engines.put(id, new QuorumEngine(cmanConfig, id));
        }
        Random order = new Random(scenario.orderSeed());
        long now = 0;
        long generation = 0;
        for (Phase phase : scenario.phases()) {
            generation += 4;
            Map<Integer, Set<Integer>> members = partitions(phase.partitionOf());
            Map<Integer, Set<Integer>> byPartition = new TreeMap<>();
            phase.partitionOf().forEach((id, p) -> byPartition.computeIfAbsent(p, k -> new TreeSet<>()).add(id));
            for (Set<Integer> partition : byPartition.values()) {
                for (int id : partition) {
                    engines.get(id).apply(new QuorumEvent.Membership(generation, List.copyOf(partition)));
                }
                for (int announcer : partition) {
                    for (int id : partition) {
                        engines.get(id).apply(new QuorumEvent.NodeInfo(announcer, "qp", 9, 1, 1, 2 * n - 1));
                    }
                }
            }
            check(engines, phase, "after the membership change at " + now);
            for (int second = 0; second < phase.seconds(); second++) {
                now += 1000;
                List<Integer> ids = new ArrayList<>(qdisks.keySet());
                Collections.shuffle(ids, order);
                for (int id : ids) {
                    HeuristicScorer scorer = scorers.get(id);
                    for (int index : scorer.due(now)) {
                        scorer.record(index, phase.healthy().get(id));
                    }
                    List<QdiskEffect> effects = qdisks.get(id).cycle(new QdiskNode.CycleInput(now, Map.copyOf(disk),
                            scorer.score(), scorer.scoreMax(), members.get(id), 1000));
                    for (QdiskEffect effect : effects) {
                        if (effect instanceof QdiskEffect.WriteBlock write) {
                            disk.put(write.block().nodeId(), write.block());
                        } else if (effect instanceof QdiskEffect.RegisterQuorumDevice register) {
                            engines.get(id).apply(new QuorumEvent.QdiskRegister(register.name(), register.votes()));
                        } else if (effect instanceof QdiskEffect.PollQuorumDevice poll) {
                            engines.get(id).apply(new QuorumEvent.QdiskPoll(poll.alive(), now, poll.masterNodeId()));
                        }
                    }
                    engines.get(id).apply(new QuorumEvent.Tick(now));
                    check(engines, phase, "after node " + id + "'s cycle at " + now);
                }
            }
        }
    }

    private static Map<Integer, Set<Integer>> partitions(Map<Integer, Integer> partitionOf) {
        Map<Integer, Set<Integer>> byPartition = new TreeMap<>();
        partitionOf.forEach((id, p) -> byPartition.computeIfAbsent(p, k -> new TreeSet<>()).add(id));
        Map<Integer, Set<Integer>> byNode = new TreeMap<>();
        partitionOf.forEach((id, p) -> byNode.put(id, Set.copyOf(byPartition.get(p))));
        return byNode;
    }

    private static void check(Map<Integer, QuorumEngine> engines, Phase phase, String when) {
        List<QuorumSafetyChecker.Observation> observations = new ArrayList<>();
        engines.forEach((id, engine) -> observations.add(new QuorumSafetyChecker.Observation(id,
                phase.partitionOf().get(id), engine.quorate(), engine.config().expectedVotes(), false)));
        assertEquals(new QuorumSafetyChecker.Verdict.Safe(), QuorumSafetyChecker.check(observations), when);
    }
}
