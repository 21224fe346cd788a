package org.corral.quorum.core;

import java.util.List;
import java.util.Optional;

/**
 * A read-only snapshot of the engine for the daemon's status replies and for checkers.
 *
 * @param expectedVotes the highest expected votes over members (cman's "Expected votes")
 * @param totalVotes member votes plus the quorum device's while it is alive
 * @param options the votequorum options in force (for the status flags)
 */
public record QuorumView(int localNodeId, long generation, boolean quorate, int quorum, int expectedVotes,
        int totalVotes, int localVotes, int memberCount, boolean twoNode, boolean waitingForAll,
        Optional<Qdisk> qdisk, List<Node> nodes, VotequorumOptions options) {

    public QuorumView {
        nodes = List.copyOf(nodes);
    }

    /** The registered quorum device. */
    public record Qdisk(String name, int votes, boolean alive) {}

    /** One known node. */
    public record Node(int nodeId, NodeState state, int votes, int expectedVotes) {}
}
