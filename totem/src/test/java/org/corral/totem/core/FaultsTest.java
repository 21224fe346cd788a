package org.corral.totem.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FaultsTest {

    private static Cluster formed(int size) {
        Cluster cluster = new Cluster(size, 1000);
        cluster.startAll();
        List<NodeId> all = new java.util.ArrayList<>(cluster.nodes.keySet());
        cluster.runUntil(() -> cluster.allOperationalWith(all), 20_000, "one ring");
        return cluster;
    }

    @Test
    void aLostMcastIsRetransmittedAndOrderHolds() {
        Cluster cluster = formed(3);
        boolean[] dropped = {false};
        cluster.drop = packet -> {
            if (!dropped[0] && packet.message() instanceof Mcast && packet.to().value() == 3) {
                dropped[0] = true;
                return true;
            }
            return false;
        };
        for (int i = 0; i < 10; i++) {
            cluster.submit(1, "a" + i);
            cluster.submit(2, "b" + i);
        }
        cluster.runUntil(() -> cluster.delivered(3).size() == 20 && cluster.delivered(1).size() == 20
                && cluster.delivered(2).size() == 20, 20_000, "all 20 delivered everywhere");
        assertTrue(dropped[0]);
        assertEquals(cluster.delivered(1), cluster.delivered(3));
        assertEquals(cluster.delivered(1), cluster.delivered(2));
        long retransmitted = 0;
        for (int id = 1; id <= 3; id++) {
            retransmitted += cluster.node(id).counters().get("mcast_retx");
        }
        assertTrue(retransmitted >= 1, "the hole was filled by a retransmission");
        assertEquals(TotemState.OPERATIONAL, cluster.node(3).state());
    }

    @Test
    void aStoppedNodeLeadsToTransitionalThenRegularConfiguration() {
        Cluster cluster = formed(3);
        RingId before = cluster.node(1).ringId();
        int changesBefore = cluster.configurations(1).size();
        cluster.stopped.add(NodeId.of(3));
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)), 20_000, "ring of 1 2");
        for (int id = 1; id <= 2; id++) {
            List<TotemEvent.ConfigurationChange> changes = cluster.configurations(id);
            List<TotemEvent.ConfigurationChange> fresh = changes.subList(changesBefore, changes.size());
            assertEquals(2, fresh.size(), "one transitional and one regular: " + fresh);
            assertEquals(ConfigurationType.TRANSITIONAL, fresh.get(0).type());
            assertEquals(Cluster.ids(1, 2), fresh.get(0).members());
            assertEquals(Cluster.ids(3), fresh.get(0).left());
            assertEquals(ConfigurationType.REGULAR, fresh.get(1).type());
            assertEquals(Cluster.ids(1, 2), fresh.get(1).members());
            assertEquals(List.of(), fresh.get(1).joined());
            assertTrue(fresh.get(1).ring().seq() > before.seq());
        }
        List<String> logs = cluster.logs(1);
        assertTrue(logs.contains("A processor failed, forming new configuration."), logs.toString());
        assertTrue(logs.stream().anyMatch(line -> line.endsWith("was formed. Members left: 3")), logs.toString());
        assertTrue(logs.contains("Failed to receive the leave message. failed: 3"), logs.toString());
        assertEquals(1, cluster.node(1).counters().get("operational_token_lost"));
    }

    @Test
    void messagesInFlightAtAFailureAreDeliveredAlikeBeforeTheNewRegularConfiguration() {
        Cluster cluster = formed(3);
        int changesBefore = cluster.configurations(1).size();
        for (int i = 0; i < 30; i++) {
            cluster.submit(1 + i % 3, "x" + i);
        }
        cluster.run(2);
        cluster.stopped.add(NodeId.of(3));
        // Node 2 misses everything from now on for a while so recovery has work to do.
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)), 20_000, "ring of 1 2");
        assertEquals(cluster.delivered(1), cluster.delivered(2));
        assertTrue(cluster.configurations(1).size() > changesBefore);
    }

    @Test
    void aCleanLeaveNeedsNoTokenTimeout() {
        Cluster cluster = formed(3);
        cluster.node(3).leave();
        cluster.drain(NodeId.of(3));
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)), 500, "ring of 1 2 well before token timeout");
        assertTrue(cluster.logs(1).stream().noneMatch(line -> line.startsWith("Failed to receive the leave")), cluster.logs(1).toString());
        assertEquals(0, cluster.node(1).counters().get("operational_token_lost"));
    }

    @Test
    void aRestartedNodeRejoinsWithAHigherRingSeq() {
        Cluster cluster = formed(3);
        long seqBefore = cluster.node(1).ringId().seq();
        cluster.stopped.add(NodeId.of(3));
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)), 20_000, "ring of 1 2");
        cluster.stopped.remove(NodeId.of(3));
        cluster.add(NodeId.of(3), cluster.persisted.get(NodeId.of(3)));
        cluster.node(3).start(cluster.now);
        cluster.drain(NodeId.of(3));
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3)), 20_000, "ring of 1 2 3 again");
        assertTrue(cluster.node(3).ringId().seq() > seqBefore);
        cluster.submit(3, "back");
        cluster.runUntil(() -> cluster.delivered(1).contains("back"), 5_000, "delivery from the restarted node");
    }

    @Test
    void aPartitionThenHealMergesTheRings() {
        Cluster cluster = formed(5);
        java.util.function.IntPredicate left = id -> id <= 2;
        cluster.drop = packet -> left.test(packet.from().value()) != left.test(packet.to().value());
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)) && cluster.allOperationalWith(Cluster.ids(3, 4, 5)),
                30_000, "two rings 1 2 | 3 4 5");
        cluster.submit(1, "left side");
        cluster.submit(4, "right side");
        cluster.drop = packet -> false;
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3, 4, 5)), 30_000, "merged ring");
        cluster.runUntil(() -> cluster.delivered(2).contains("left side") && cluster.delivered(5).contains("right side"),
                5_000, "each side delivered its own message");
        assertTrue(!cluster.delivered(5).contains("left side"), "a partition's message stays in its partition");
    }

    @Test
    void aNodeThatHearsTokensButNoDataFailsToReceiveAndLeavesTheRing() {
        Cluster cluster = new Cluster(3, 1000);
        cluster.tune = config -> new TotemConfig(config.self(), config.tokenTimeoutMs(), config.tokenRetransmitTimeoutMs(),
                config.tokenRetransmitsBeforeLoss(), config.tokenHoldTimeoutMs(), config.joinTimeoutMs(),
                config.consensusTimeoutMs(), config.mergeTimeoutMs(), config.downcheckTimeoutMs(), 20,
                config.seqnoUnchangedConst(), config.missCountConst(), config.windowSize(), config.maxMessages(),
                config.netMtu(), config.submitQueueMax(), config.payloadBytesMax(), false);
        cluster.nodes.clear();
        for (int id = 1; id <= 3; id++) {
            cluster.add(NodeId.of(id), 0);
        }
        cluster.startAll();
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3)), 20_000, "one ring");
        cluster.drop = packet -> packet.message() instanceof Mcast && packet.to().value() == 3;
        cluster.submit(1, "unheard");
        cluster.runUntil(() -> cluster.logs(3).contains("FAILED TO RECEIVE"), 20_000, "node 3 gives up");
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)), 20_000, "ring of 1 2");
        assertTrue(cluster.delivered(1).contains("unheard"));
    }

    @Test
    void aLongPauseIsLoggedAsCorosyncDoes() {
        Cluster cluster = formed(3);
        cluster.node(2).tick(cluster.now + 900);
        cluster.drain(NodeId.of(2));
        assertTrue(cluster.logs(2).stream().anyMatch(line -> line.startsWith("Process pause detected for 9")), cluster.logs(2).toString());
    }

    @Test
    void aSuspectHintForTheNextHopIsATokenLossNowButNeverAFailure() {
        Cluster cluster = formed(3);
        long before = cluster.node(2).ringId().seq();
        cluster.node(2).suspect(NodeId.of(1));
        cluster.drain(NodeId.of(2));
        assertEquals(TotemState.OPERATIONAL, cluster.node(2).state(), "node 1 is not node 2's next hop");
        cluster.node(2).suspect(NodeId.of(3));
        cluster.drain(NodeId.of(2));
        assertEquals(TotemState.GATHER, cluster.node(2).state());
        assertTrue(cluster.logs(2).contains("A processor failed, forming new configuration."));
        // Node 3 is alive: it answers the gather and stays a member of the new ring.
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3)) && cluster.node(1).ringId().seq() > before,
                20_000, "a new ring of all three");
        assertEquals(2, cluster.node(2).counters().get("icmp_suspect_hints"));
    }
}
