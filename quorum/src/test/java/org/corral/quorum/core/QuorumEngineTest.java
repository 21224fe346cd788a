package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class QuorumEngineTest {

    static QuorumConfig cluster(int nodes, boolean twoNode) {
        TreeMap<Integer, Integer> votes = new TreeMap<>();
        for (int id = 1; id <= nodes; id++) {
            votes.put(id, 1);
        }
        return QuorumConfig.cman("alpha", 1234, 3, votes, twoNode ? OptionalInt.of(1) : OptionalInt.empty(), twoNode);
    }

    @Test
    void threeNodesSurviveOneLossAndBlockOnTwo() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2, 3);
        h.ring(1, 2, 3);
        QuorumView view = h.node(1).view();
        assertTrue(view.quorate());
        assertEquals(2, view.quorum());
        assertEquals(3, view.expectedVotes());
        assertEquals(3, view.totalVotes());
        assertEquals(List.of("quorum regained, resuming activity"), h.logs(1));
        h.drain(1);

        h.ring(1, 2); // node 3 killed
        assertTrue(h.node(1).quorate(), "2 of 3 votes keep quorum");
        assertEquals(2, h.node(1).view().totalVotes());

        h.ring(1); // node 2 killed too
        assertFalse(h.node(1).quorate());
        assertEquals(2, h.node(1).quorum(), "quorum is never lowered by a loss");
        assertEquals(List.of("quorum lost, blocking activity"), h.logs(1));
        assertTrue(h.drain(1).contains(new QuorumEffect.QuorateChanged(false)));

        h.ring(1, 2); // node 2 restarts
        assertTrue(h.node(1).quorate());
        assertEquals(List.of("quorum regained, resuming activity"), h.logs(1));
    }

    @Test
    void expectedOneOnTheSurvivorRestoresQuorum() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2, 3);
        h.ring(1, 2, 3);
        h.ring(1);
        assertFalse(h.node(1).quorate());
        h.drain(1);
        h.local(1, new QuorumEvent.SetExpected(1));
        assertTrue(h.node(1).quorate());
        assertEquals(1, h.node(1).quorum());
        assertEquals(1, h.node(1).view().expectedVotes());
        List<QuorumEffect> effects = h.drain(1);
        assertTrue(effects.contains(new QuorumEffect.CommandAccepted(new QuorumEvent.SetExpected(1))));
        assertTrue(effects.contains(new QuorumEffect.QuorateChanged(true)));
    }

    @Test
    void expectedThatWouldLoseQuorumIsRefused() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2, 3);
        h.ring(1, 2, 3);
        h.drain(1);
        h.local(1, new QuorumEvent.SetExpected(9)); // quorum 5 > total 3
        assertEquals(List.of(new QuorumEffect.CommandRejected(new QuorumEvent.SetExpected(9), "Invalid argument")),
                h.drain(1));
        assertTrue(h.node(1).quorate());
        h.local(1, new QuorumEvent.SetExpected(0));
        assertEquals(List.of(new QuorumEffect.CommandRejected(new QuorumEvent.SetExpected(0), "Invalid argument")),
                h.drain(1));
    }

    @Test
    void twoNodeKeepsQuorumOneOnEachSide() {
        EngineHarness h = new EngineHarness(cluster(2, true), 1, 2);
        h.ring(1, 2);
        QuorumView view = h.node(1).view();
        assertEquals(1, view.quorum());
        assertEquals(1, view.expectedVotes());
        assertEquals(2, view.totalVotes());
        assertTrue(view.twoNode());
        h.ring(1);
        assertTrue(h.node(1).quorate(), "two_node: the survivor stays quorate; fencing decides");
    }

    @Test
    void conflictingNodesAreRefusedWithCmansMessages() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2);
        h.ring(1, 2);
        h.drain(1);
        h.deliver(List.of(1, 2), new QuorumEvent.Membership(100, List.of(1, 2, 3)));
        h.deliver(List.of(1, 2), new QuorumEvent.NodeInfo(3, "alpha", 1234, 4, 1, 3));
        assertEquals(List.of("Node 3 conflict, remote config version id=4, local=3"), h.logs(1));
        assertTrue(h.drain(1).contains(new QuorumEffect.RefuseNode(3,
                "Node 3 conflict, remote config version id=4, local=3")));
        assertEquals(2, h.node(1).view().totalVotes(), "a refused node never counts");
        assertEquals(NodeState.DISALLOWED, h.node(1).view().nodes().get(2).state());

        h.deliver(List.of(1, 2), new QuorumEvent.Membership(104, List.of(1, 2, 3)));
        h.deliver(List.of(1, 2), new QuorumEvent.NodeInfo(3, "beta", 1234, 3, 1, 3));
        assertEquals(List.of("Node 3 conflict, remote cluster name='beta', local='alpha'"), h.logs(1));
        h.drain(1);
        h.deliver(List.of(1, 2), new QuorumEvent.Membership(108, List.of(1, 2)));
        h.deliver(List.of(1, 2), new QuorumEvent.Membership(112, List.of(1, 2, 3)));
        h.deliver(List.of(1, 2), new QuorumEvent.NodeInfo(3, "alpha", 999, 3, 1, 3));
        assertEquals(List.of("Node 3 conflict, remote cluster id=999, local=1234"), h.logs(1));
    }

    @Test
    void leaveRemoveLowersQuorumPlainLeaveDoesNot() {
        EngineHarness plain = new EngineHarness(cluster(3, false), 1, 2, 3);
        plain.ring(1, 2, 3);
        plain.deliver(List.of(1, 2, 3), new QuorumEvent.Leave(3, false));
        plain.ring(1, 2);
        plain.deliver(List.of(1, 2), new QuorumEvent.Leave(2, false));
        plain.ring(1);
        assertFalse(plain.node(1).quorate());

        EngineHarness removed = new EngineHarness(cluster(3, false), 1, 2, 3);
        removed.ring(1, 2, 3);
        removed.deliver(List.of(1, 2, 3), new QuorumEvent.Leave(3, true));
        removed.ring(1, 2);
        assertEquals(2, removed.node(1).view().expectedVotes());
        removed.deliver(List.of(1, 2), new QuorumEvent.Leave(2, true));
        removed.ring(1);
        assertTrue(removed.node(1).quorate(), "each leave remove lowered expected votes");
        assertEquals(1, removed.node(1).quorum());
    }

    @Test
    void qdiskVotesCountWhileAliveAndStopWhenSilent() {
        TreeMap<Integer, Integer> votes = new TreeMap<>();
        votes.put(1, 1);
        votes.put(2, 1);
        QuorumConfig config = QuorumConfig.cman("alpha", 1234, 3, votes, OptionalInt.of(3), false);
        EngineHarness h = new EngineHarness(config, 1, 2);
        h.local(1, new QuorumEvent.QdiskRegister("/dev/sdc1", 1));
        h.ring(1, 2);
        h.local(1, new QuorumEvent.QdiskPoll(true, 1_000));
        assertEquals(3, h.node(1).view().totalVotes());
        h.ring(1);
        assertTrue(h.node(1).quorate(), "node + qdisk = 2 of 3");
        h.drain(1);
        h.local(1, new QuorumEvent.Tick(5_000));
        assertTrue(h.node(1).quorate());
        h.local(1, new QuorumEvent.Tick(11_001));
        assertFalse(h.node(1).quorate(), "no poll within quorum_dev_poll: the qdisk votes stop counting");
        assertEquals(List.of("lost contact with quorum device", "quorum lost, blocking activity"), h.logs(1));
    }

    @Test
    void reloadNeedsANewerVersion() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2, 3);
        h.ring(1, 2, 3);
        h.drain(1);
        h.local(1, new QuorumEvent.Reload(cluster(3, false)));
        List<QuorumEffect> effects = h.drain(1);
        assertEquals(new QuorumEffect.Log(QuorumEffect.Level.ERROR, "Requested version [3] older than running version [3]"),
                effects.get(0));
        assertTrue(effects.get(1) instanceof QuorumEffect.CommandRejected rejected
                && rejected.reason().equals("New configuration version has to be newer than current running configuration"));
        h.local(1, new QuorumEvent.Reload(cluster(3, false).withVersion(4)));
        assertEquals(4, h.node(1).config().configVersion());
    }

    @Test
    void votesCommandChangesTotals() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2, 3);
        h.ring(1, 2, 3);
        h.deliver(List.of(1, 2, 3), new QuorumEvent.SetVotes(1, 3));
        assertEquals(5, h.node(2).view().totalVotes());
        h.drain(1);
        h.local(1, new QuorumEvent.SetVotes(1, 256));
        assertEquals(List.of(new QuorumEffect.CommandRejected(new QuorumEvent.SetVotes(1, 256), "Invalid argument")),
                h.drain(1));
    }

    @Test
    void waitForAllHoldsUntilEveryoneWasSeen() {
        QuorumConfig config = cluster(3, false).withOptions(VotequorumOptions.NONE.withWaitForAll(true));
        EngineHarness h = new EngineHarness(config, 1, 2, 3);
        h.ring(1, 2);
        assertFalse(h.node(1).quorate(), "2 of 3 votes but not all seen yet");
        assertTrue(h.node(1).view().waitingForAll());
        assertTrue(h.logs(1).contains("Waiting for all cluster members. Current votes: 2 expected_votes: 3"));
        h.ring(1, 2, 3);
        assertTrue(h.node(1).quorate());
        h.ring(1, 2);
        assertTrue(h.node(1).quorate(), "once released, the vote rule alone decides");
    }

    @Test
    void lastManStandingCascadesWithTieBreaker() {
        QuorumConfig config = cluster(4, false).withOptions(VotequorumOptions.NONE
                .withLastManStanding(true, 10_000).withAutoTieBreaker(true, new AutoTieBreaker.Mode.Lowest()));
        EngineHarness h = new EngineHarness(config, 1, 2, 3, 4);
        h.ring(1, 2, 3, 4);
        h.ring(1, 2, 3);
        assertTrue(h.node(1).quorate());
        h.local(1, new QuorumEvent.Tick(9_999));
        assertEquals(4, h.node(1).view().expectedVotes());
        h.local(1, new QuorumEvent.Tick(10_000));
        assertEquals(3, h.node(1).view().expectedVotes(), "window expired: expected drops to the votes present");
        assertTrue(h.logs(1).contains("last man standing: lowering expected votes to 3"));
        h.ring(1, 2);
        assertTrue(h.node(1).quorate());
        h.local(1, new QuorumEvent.Tick(30_000));
        assertEquals(2, h.node(1).view().expectedVotes());
        h.ring(1);
        assertTrue(h.node(1).quorate(), "2 -> 1 holds only with the tie-breaker (node 1 is lowest)");
    }

    @Test
    void autoTieBreakerPicksOneHalfOfAnExactSplit() {
        QuorumConfig config = cluster(4, false)
                .withOptions(VotequorumOptions.NONE.withAutoTieBreaker(true, new AutoTieBreaker.Mode.Lowest()));
        EngineHarness h = new EngineHarness(config, 1, 2, 3, 4);
        h.ring(1, 2, 3, 4);
        h.ring(1, 2);
        h.ring(3, 4);
        assertTrue(h.node(1).quorate());
        assertFalse(h.node(3).quorate());
    }

    @Test
    void aNodeNotYetAnnouncedDoesNotCount() {
        EngineHarness h = new EngineHarness(cluster(3, false), 1, 2, 3);
        h.deliver(List.of(1, 2), new QuorumEvent.Membership(4, List.of(1, 2)));
        assertFalse(h.node(1).quorate());
        assertEquals(NodeState.JOINING, h.node(1).view().nodes().get(0).state());
        h.deliver(List.of(1, 2), new QuorumEvent.NodeInfo(1, "alpha", 1234, 3, 1, 3));
        h.deliver(List.of(1, 2), new QuorumEvent.NodeInfo(2, "alpha", 1234, 3, 1, 3));
        assertTrue(h.node(1).quorate());
    }
}
