package org.corral.quorum.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.corral.quorum.core.AutoTieBreaker;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumEngine;
import org.corral.quorum.core.QuorumEvent;
import org.corral.quorum.core.VotequorumOptions;
import org.junit.jupiter.api.Test;

/** From a running engine to the seed's exact cman_tool status, and to cman_tool nodes with the qdisk as node 0. */
class SnapshotsTest {
    static final Snapshots.DaemonFacts SEED_FACTS = new Snapshots.DaemonFacts("an-clusterA", 29382, 8, 8, 2, 7,
            List.of(0), "an-node01.alteeve.com", List.of("239.192.114.57"), List.of("10.20.0.1"));

    @Test
    void aTwoNodeEngineRendersAsTheSeed() {
        TreeMap<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1));
        QuorumEngine engine = new QuorumEngine(
                QuorumConfig.cman("an-clusterA", 29382, 8, votes, OptionalInt.of(1), true), 1);
        engine.apply(new QuorumEvent.Membership(8, List.of(1, 2)));
        engine.apply(new QuorumEvent.NodeInfo(1, "an-clusterA", 29382, 8, 1, 1));
        engine.apply(new QuorumEvent.NodeInfo(2, "an-clusterA", 29382, 8, 1, 1));
        assertEquals(CmanStatusFormatterTest.SEED_STATUS,
                CmanStatusFormatter.format(Snapshots.status(engine.view(), SEED_FACTS, Map.of())));
    }

    @Test
    void votequorumOptionsShowAsFlagsAfterCmansOwn() {
        TreeMap<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1, 3, 1));
        VotequorumOptions options = VotequorumOptions.NONE.withWaitForAll(true).withLastManStanding(true, 20_000)
                .withAutoTieBreaker(true, new AutoTieBreaker.Mode.Lowest());
        QuorumEngine engine = new QuorumEngine(
                QuorumConfig.cman("c", 1, 1, votes, OptionalInt.empty(), false).withOptions(options), 1);
        engine.apply(new QuorumEvent.Membership(4, List.of(1, 2, 3)));
        engine.apply(new QuorumEvent.NodeInfo(1, "c", 1, 1, 1, 3));
        String text = CmanStatusFormatter.format(Snapshots.status(engine.view(), SEED_FACTS, Map.of()));
        assertTrue(text.contains("\nFlags: WaitForAll LastManStanding AutoTieBreaker \n"), text);
        engine = new QuorumEngine(QuorumConfig.cman("c", 1, 1, votes, OptionalInt.empty(), false)
                .withOptions(VotequorumOptions.NONE.withWaitForAll(true)), 1);
        text = CmanStatusFormatter.format(Snapshots.status(engine.view(), SEED_FACTS, Map.of()));
        assertTrue(text.contains("\nFlags: WaitForAll \n"), text);
    }

    @Test
    void nodesWithQdiskAndARefusedNode() {
        TreeMap<Integer, Integer> votes = new TreeMap<>(Map.of(1, 1, 2, 1, 3, 1));
        QuorumEngine engine = new QuorumEngine(QuorumConfig.cman("c", 1, 1, votes, OptionalInt.of(4), false), 1);
        engine.apply(new QuorumEvent.QdiskRegister("/dev/block/253:2", 1));
        engine.apply(new QuorumEvent.QdiskPoll(true, 0));
        engine.apply(new QuorumEvent.Membership(4, List.of(1, 2, 3)));
        engine.apply(new QuorumEvent.NodeInfo(1, "c", 1, 1, 1, 4));
        engine.apply(new QuorumEvent.NodeInfo(2, "c", 1, 1, 1, 4));
        engine.apply(new QuorumEvent.NodeInfo(3, "c", 1, 2, 1, 4));
        Map<Integer, Snapshots.NodeFacts> facts = Map.of(
                1, new Snapshots.NodeFacts("n1", List.of("10.0.0.1"), 4, 1_300_000_000L),
                2, new Snapshots.NodeFacts("n2", List.of("10.0.0.2"), 8, 1_300_000_100L),
                3, new Snapshots.NodeFacts("n3", List.of("10.0.0.3"), 12, 1_300_000_200L));
        String text = CmanNodesFormatter.format(Snapshots.nodes(engine.view(), facts, 1_300_000_000L),
                Snapshots.disallowedCount(engine.view()), CmanNodesFormatter.Options.table(), ZoneOffset.UTC);
        assertEquals("NOTE: There are 1 disallowed nodes,\n"
                + "      members list may seem inconsistent across the cluster\n"
                + "Node  Sts   Inc   Joined               Name\n"
                + "   0   M      0   2011-03-13 07:06:40  /dev/block/253:2\n"
                + "   1   M      4   2011-03-13 07:06:40  n1\n"
                + "   2   M      8   2011-03-13 07:08:20  n2\n"
                + "   3   d     12   2011-03-13 07:10:00  n3\n", text);
        CmanStatus status = Snapshots.status(engine.view(), SEED_FACTS, facts);
        assertEquals(OptionalInt.of(1), status.quorumDeviceVotes());
        assertEquals(3, status.totalVotes());
        assertEquals(List.of("n3"), status.disallowedNodes());
        assertEquals(true, CmanStatusFormatter.format(status).endsWith("Disallowed nodes: n3 \n"));
    }
}
