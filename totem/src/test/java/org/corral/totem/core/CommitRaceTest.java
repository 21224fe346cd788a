package org.corral.totem.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Three nodes started together: node 1 commits a ring of 1 and 3 while node 3, having heard node
 * 2, already gathers with all three and so will never take that commit token. Node 1 must give
 * up the commit when node 3's join names node 2, not wait out the token timeout.
 */
class CommitRaceTest {
    private static final long TOKEN_MS = 3000;

    private static TotemProcessor committingOneAndThree() {
        TotemProcessor node1 = new TotemProcessor(Cluster.config(NodeId.of(1), TOKEN_MS), 0, new SplittableRandom(1));
        node1.start(0);
        assertEquals(TotemState.OPERATIONAL, node1.state(), "a lone node forms its own ring at once");
        // Node 3 (its own singleton, ring seq 5) gathers with node 1: node 1 agrees and commits {1, 3}.
        node1.receive(0, NodeId.of(3), new MembJoin(NodeId.of(3), Cluster.ids(1, 3), List.of(), 5, false));
        assertEquals(TotemState.COMMIT, node1.state());
        node1.takeOutput();
        return node1;
    }

    @Test
    void aJoinNamingAProcessorOutsideTheCommitTokenEndsTheCommitAtOnce() {
        TotemProcessor node1 = committingOneAndThree();
        node1.tick(10);
        node1.receive(0, NodeId.of(3), new MembJoin(NodeId.of(3), Cluster.ids(1, 2, 3), List.of(), 5, false));
        assertEquals(TotemState.GATHER, node1.state(), "node 3 will never take the token of {1, 3}");
    }

    @Test
    void aStaleJoinWithinTheCommitTokenDoesNotEndTheCommit() {
        TotemProcessor node1 = committingOneAndThree();
        node1.tick(10);
        node1.receive(0, NodeId.of(3), new MembJoin(NodeId.of(3), Cluster.ids(3), List.of(), 5, false));
        node1.receive(0, NodeId.of(3), new MembJoin(NodeId.of(3), Cluster.ids(1, 3), List.of(), 5, false));
        assertEquals(TotemState.COMMIT, node1.state(), "the token may still be on its way to node 3");
        // A processor outside the token is merged after this ring forms, not by abandoning it.
        node1.receive(0, NodeId.of(2), new MembJoin(NodeId.of(2), Cluster.ids(1, 2, 3), List.of(), 5, false));
        assertEquals(TotemState.COMMIT, node1.state());
    }
}
