package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The simulator's quorum checker, proven here on random partitions: cman's rule (with and without
 * wait_for_all and auto_tie_breaker) never lets two partitions be quorate under the same expected
 * votes, and the checker does catch a deliberately broken rule ("half the votes is enough").
 * jqwik prints the seed of any failure; rerun with that seed to replay it.
 */
class QuorumSafetyPropertiesTest {

    /** A cluster (node id -> votes) and a sequence of partitionings (node id -> partition, -1 = down). */
    record Scenario(Map<Integer, Integer> votes, List<Map<Integer, Integer>> steps, boolean waitForAll,
            boolean autoTieBreaker) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> nodeCount = Arbitraries.integers().between(1, 9);
        return nodeCount.flatMap(n -> {
            Arbitrary<List<Integer>> votes = Arbitraries.integers().between(0, 3).list().ofSize(n);
            Arbitrary<List<Integer>> partitioning = Arbitraries.integers().between(-1, 3).list().ofSize(n);
            Arbitrary<List<List<Integer>>> steps = partitioning.list().ofMinSize(1).ofMaxSize(5);
            return Combinators.combine(votes, steps, Arbitraries.of(true, false), Arbitraries.of(true, false))
                    .as((v, s, wfa, atb) -> scenario(v, s, wfa, atb));
        });
    }

    private static Scenario scenario(List<Integer> votes, List<List<Integer>> steps, boolean wfa, boolean atb) {
        Map<Integer, Integer> voteMap = new TreeMap<>();
        for (int i = 0; i < votes.size(); i++) {
            voteMap.put(i + 1, votes.get(i));
        }
        List<Map<Integer, Integer>> stepMaps = new ArrayList<>();
        for (List<Integer> step : steps) {
            Map<Integer, Integer> map = new TreeMap<>();
            for (int i = 0; i < step.size(); i++) {
                map.put(i + 1, step.get(i));
            }
            stepMaps.add(map);
        }
        return new Scenario(voteMap, stepMaps, wfa, atb);
    }

    @Property(tries = 300)
    void cmanRuleHasAtMostOneQuoratePartition(@ForAll("scenarios") Scenario scenario) {
        for (Map<Integer, Integer> step : scenario.steps()) {
            Map<Integer, Integer> live = new TreeMap<>(step);
            live.values().removeIf(p -> p < 0);
            assertEquals(new QuorumSafetyChecker.Verdict.Safe(),
                    QuorumSafetyChecker.checkRule(QuorumSafetyChecker.CMAN_RULE, scenario.votes(), live));
        }
    }

    @Property(tries = 300)
    void enginesNeverFormTwoQuoratePartitions(@ForAll("scenarios") Scenario scenario) {
        VotequorumOptions options = VotequorumOptions.NONE.withWaitForAll(scenario.waitForAll())
                .withAutoTieBreaker(scenario.autoTieBreaker(), new AutoTieBreaker.Mode.Lowest());
        QuorumConfig config = new QuorumConfig("prop", 7, 1, new TreeMap<>(scenario.votes()), OptionalInt.empty(),
                OptionalInt.empty(), false, QuorumConfig.QUORUM_DEVICE_POLL_DEFAULT_MS, options);
        Map<Integer, QuorumEngine> engines = new TreeMap<>();
        long generation = 0;
        for (Map<Integer, Integer> step : scenario.steps()) {
            generation += 4;
            // A crashed node loses its state; it restarts fresh when it is next up.
            for (Map.Entry<Integer, Integer> node : step.entrySet()) {
                if (node.getValue() < 0) {
                    engines.remove(node.getKey());
                } else {
                    engines.computeIfAbsent(node.getKey(), id -> new QuorumEngine(config, id));
                }
            }
            Map<Integer, List<Integer>> partitions = new TreeMap<>();
            for (Map.Entry<Integer, Integer> node : step.entrySet()) {
                if (node.getValue() >= 0) {
                    partitions.computeIfAbsent(node.getValue(), p -> new ArrayList<>()).add(node.getKey());
                }
            }
            List<QuorumSafetyChecker.Observation> observations = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> partition : partitions.entrySet()) {
                List<Integer> members = partition.getValue();
                deliver(engines, members, new QuorumEvent.Membership(generation, members));
                for (int id : members) {
                    QuorumView.Node self = engines.get(id).view().nodes().stream()
                            .filter(n -> n.nodeId() == id).findFirst().orElseThrow();
                    deliver(engines, members, new QuorumEvent.NodeInfo(id, "prop", 7, 1,
                            scenario.votes().get(id), self.expectedVotes()));
                }
                for (int id : members) {
                    QuorumView view = engines.get(id).view();
                    observations.add(new QuorumSafetyChecker.Observation(id, partition.getKey(), view.quorate(),
                            config.expectedVotes(), false));
                }
            }
            QuorumSafetyChecker.Verdict verdict = QuorumSafetyChecker.check(observations);
            assertEquals(new QuorumSafetyChecker.Verdict.Safe(), verdict, "step " + step);
        }
    }

    private static void deliver(Map<Integer, QuorumEngine> engines, List<Integer> members, QuorumEvent event) {
        for (int id : members) {
            engines.get(id).apply(event);
        }
    }

    /** A deliberately broken rule: half the expected votes is taken as enough. */
    static final QuorumSafetyChecker.QuorumRule HALF_IS_ENOUGH =
            (partitionVotes, expectedVotes) -> partitionVotes * 2 >= expectedVotes && partitionVotes > 0;

    @Property(tries = 200)
    void checkerCatchesTheBrokenRuleOnEveryExactSplit(@ForAll @IntRange(min = 1, max = 8) int half,
            @ForAll @IntRange(min = 1, max = 3) int votesEach) {
        Map<Integer, Integer> votes = new TreeMap<>();
        Map<Integer, Integer> partitionOf = new TreeMap<>();
        for (int id = 1; id <= 2 * half; id++) {
            votes.put(id, votesEach);
            partitionOf.put(id, id <= half ? 0 : 1);
        }
        QuorumSafetyChecker.Verdict verdict = QuorumSafetyChecker.checkRule(HALF_IS_ENOUGH, votes, partitionOf);
        assertTrue(verdict instanceof QuorumSafetyChecker.Verdict.Violation, "missed: " + verdict);
        assertEquals(new QuorumSafetyChecker.Verdict.Safe(),
                QuorumSafetyChecker.checkRule(QuorumSafetyChecker.CMAN_RULE, votes, partitionOf));
    }

    @Property(tries = 300)
    void brokenRuleIsCaughtOnRandomPartitionsToo(@ForAll("scenarios") Scenario scenario) {
        // Not every random partitioning exposes the bug; when the rule lets two disjoint
        // partitions through, the checker must say so, and it must never accuse the cman rule.
        for (Map<Integer, Integer> step : scenario.steps()) {
            Map<Integer, Integer> live = new TreeMap<>(step);
            live.values().removeIf(p -> p < 0);
            int expected = scenario.votes().values().stream().mapToInt(Integer::intValue).sum();
            Map<Integer, Integer> partitionVotes = new TreeMap<>();
            live.forEach((id, p) -> partitionVotes.merge(p, scenario.votes().get(id), Integer::sum));
            long passing = partitionVotes.values().stream()
                    .filter(v -> HALF_IS_ENOUGH.quorate(v, expected)).count();
            QuorumSafetyChecker.Verdict verdict = QuorumSafetyChecker.checkRule(HALF_IS_ENOUGH, scenario.votes(), live);
            assertEquals(passing > 1, verdict instanceof QuorumSafetyChecker.Verdict.Violation);
        }
    }
}
