package org.corral.quorum.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the quorum engine needs from cluster.conf and the join command line. The tools module maps
 * the parsed cluster.conf to this record; the engine never reads the file.
 *
 * @param nodeVotes configured node id to votes (default 1 each, 0..255)
 * @param commandLineExpected {@code cman_tool join -e} / CMAN_EXPECTEDVOTES, if given
 * @param cmanExpectedVotes {@code <cman expected_votes>}, if given
 * @param quorumDevicePollMs cman's quorum_dev_poll: the qdisk must report within this (default = token)
 */
public record QuorumConfig(String clusterName, int clusterId, int configVersion,
        SortedMap<Integer, Integer> nodeVotes, OptionalInt commandLineExpected, OptionalInt cmanExpectedVotes,
        boolean twoNode, long quorumDevicePollMs, VotequorumOptions options) {

    /** cman's cluster name limit ("Invalid cluster name. It must be 15 characters or fewer"). */
    public static final int CLUSTER_NAME_LENGTH_MAX = 15;
    public static final int NODES_MAX = 4096;
    public static final long QUORUM_DEVICE_POLL_DEFAULT_MS = 10_000;

    public QuorumConfig {
        Check.argument(clusterName != null && !clusterName.isEmpty(), "cluster name is required");
        Check.argument(clusterName.length() <= CLUSTER_NAME_LENGTH_MAX,
                "Invalid cluster name. It must be 15 characters or fewer");
        Check.argument(clusterId >= 0 && clusterId <= 0xFFFF, "cluster id " + clusterId + " outside 0..65535");
        Check.argument(configVersion >= 0, "config version " + configVersion + " is negative");
        Check.argument(nodeVotes != null && nodeVotes.size() <= NODES_MAX, "too many nodes (max " + NODES_MAX + ")");
        for (var entry : nodeVotes.entrySet()) {
            Check.argument(entry.getKey() >= 1 && entry.getKey() <= NODES_MAX,
                    "Node id must be between 1 and " + NODES_MAX);
            if (Votes.checkNodeVotes(entry.getValue()) instanceof Votes.VotesVerdict.Refused refused) {
                throw new IllegalArgumentException(refused.message());
            }
        }
        nodeVotes = Collections.unmodifiableSortedMap(new TreeMap<>(nodeVotes));
        Check.argument(quorumDevicePollMs > 0, "quorum_dev_poll must be positive");
        Check.argument(options != null, "votequorum options are required (VotequorumOptions.NONE for cman)");
        Check.argument(!(twoNode && options.autoTieBreaker()), "two_node is incompatible with auto_tie_breaker");
    }

    /** A cman configuration with no votequorum extras and the default poll time. */
    public static QuorumConfig cman(String clusterName, int clusterId, int configVersion,
            SortedMap<Integer, Integer> nodeVotes, OptionalInt cmanExpectedVotes, boolean twoNode) {
        return new QuorumConfig(clusterName, clusterId, configVersion, nodeVotes, OptionalInt.empty(),
                cmanExpectedVotes, twoNode, QUORUM_DEVICE_POLL_DEFAULT_MS, VotequorumOptions.NONE);
    }

    /** Expected votes by cman's precedence. */
    public int expectedVotes() {
        return Votes.expected(commandLineExpected, cmanExpectedVotes, new ArrayList<>(nodeVotes.values()));
    }

    public int votesOf(int nodeId) {
        return nodeVotes.getOrDefault(nodeId, Votes.NODE_VOTES_DEFAULT);
    }

    public QuorumConfig withVersion(int version) {
        return new QuorumConfig(clusterName, clusterId, version, nodeVotes, commandLineExpected, cmanExpectedVotes,
                twoNode, quorumDevicePollMs, options);
    }

    public QuorumConfig withOptions(VotequorumOptions newOptions) {
        return new QuorumConfig(clusterName, clusterId, configVersion, nodeVotes, commandLineExpected,
                cmanExpectedVotes, twoNode, quorumDevicePollMs, newOptions);
    }

    public QuorumConfig withCommandLineExpected(int expected) {
        return new QuorumConfig(clusterName, clusterId, configVersion, nodeVotes, OptionalInt.of(expected),
                cmanExpectedVotes, twoNode, quorumDevicePollMs, options);
    }
}
