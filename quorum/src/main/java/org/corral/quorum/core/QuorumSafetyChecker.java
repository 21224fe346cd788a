package org.corral.quorum.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safety property the simulator watches: at any moment, for a given expected-votes setting,
 * at most one partition is quorate. Partitions are the simulator's ground truth (who can really
 * talk to whom), not what the nodes believe.
 *
 * <p>With two_node both halves of a split may be quorate by design; safety then rests on fencing
 * (the fence race), which the fence checker verifies, so two_node observations are skipped here.
 */
public final class QuorumSafetyChecker {
    private QuorumSafetyChecker() {}

    /** One live node's state at the moment of the check. */
    public record Observation(int nodeId, int partitionId, boolean quorate, int expectedVotes, boolean twoNode) {}

    /** The checker's verdict. */
    public sealed interface Verdict {
        record Safe() implements Verdict {}

        /** Two partitions were quorate under the same expected votes. */
        record Violation(String description) implements Verdict {}
    }

    public static Verdict check(Collection<Observation> observations) {
        // expected votes -> partition id -> first quorate node seen there (sorted for a stable message)
        Map<Integer, TreeMap<Integer, Integer>> quoratePartitions = new TreeMap<>();
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort((a, b) -> Integer.compare(a.nodeId(), b.nodeId()));
        for (Observation observation : sorted) {
            if (!observation.quorate() || observation.twoNode()) {
                continue;
            }
            quoratePartitions.computeIfAbsent(observation.expectedVotes(), k -> new TreeMap<>())
                    .putIfAbsent(observation.partitionId(), observation.nodeId());
        }
        for (Map.Entry<Integer, TreeMap<Integer, Integer>> entry : quoratePartitions.entrySet()) {
            if (entry.getValue().size() > 1) {
                return new Verdict.Violation("expected votes " + entry.getKey() + ": partitions "
                        + entry.getValue().keySet() + " are all quorate (nodes " + entry.getValue().values() + ")");
            }
        }
        return new Verdict.Safe();
    }

    /** A quorum rule as a pure function: is a partition with these votes quorate? */
    @FunctionalInterface
    public interface QuorumRule {
        boolean quorate(int partitionVotes, int expectedVotes);
    }

    /** cman's rule for a fresh partition: total >= max((expected+2)/2, (total+2)/2). */
    public static final QuorumRule CMAN_RULE =
            (partitionVotes, expectedVotes) -> partitionVotes >= Votes.quorum(expectedVotes, partitionVotes);

    /**
     * Checks a rule on one partitioning of the cluster: {@code partitionOf} maps node id to
     * partition id, {@code votes} node id to votes; expected votes are the configured sum.
     */
    public static Verdict checkRule(QuorumRule rule, Map<Integer, Integer> votes, Map<Integer, Integer> partitionOf) {
        int expected = 0;
        for (int v : votes.values()) {
            expected += v;
        }
        Map<Integer, Integer> partitionVotes = new TreeMap<>();
        for (Map.Entry<Integer, Integer> node : partitionOf.entrySet()) {
            partitionVotes.merge(node.getValue(), votes.getOrDefault(node.getKey(), 0), Integer::sum);
        }
        List<Observation> observations = new ArrayList<>();
        for (Map.Entry<Integer, Integer> node : partitionOf.entrySet()) {
            int partition = node.getValue();
            boolean quorate = rule.quorate(partitionVotes.get(partition), expected);
            observations.add(new Observation(node.getKey(), partition, quorate, expected, false));
        }
        return check(observations);
    }
}
