package org.corral.totem.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class CountersTest {
    /** The runtime.totem.pg.mrp.srp.* keys of the tutorial's corosync-objctl output, in its order. */
    private static final List<String> SEED_ORDER = List.of("orf_token_tx", "orf_token_rx", "memb_merge_detect_tx",
            "memb_merge_detect_rx", "memb_join_tx", "memb_join_rx", "mcast_tx", "mcast_retx", "mcast_rx",
            "memb_commit_token_tx", "memb_commit_token_rx", "token_hold_cancel_tx", "token_hold_cancel_rx",
            "operational_entered", "operational_token_lost", "gather_entered", "gather_token_lost", "commit_entered",
            "commit_token_lost", "recovery_entered", "recovery_token_lost", "consensus_timeouts", "mtt_rx_token",
            "avg_token_workload", "avg_backlog_calc", "rx_msg_dropped");

    @Test
    void countersHaveCorosyncsNamesInCorosyncsOrder() {
        TotemProcessor node = new TotemProcessor(Cluster.config(NodeId.of(1), 1000), 0, new SplittableRandom(1));
        node.start(0);
        List<String> names = List.copyOf(node.counters().keySet());
        assertEquals(SEED_ORDER, names.subList(0, SEED_ORDER.size()));
        assertEquals(List.of("icmp_suspect_hints"), names.subList(SEED_ORDER.size(), names.size()), "Corral's own, last");
        assertEquals(1, node.counters().get("gather_entered"));
        assertEquals(1, node.counters().get("operational_entered"), "a lone node forms its own ring at once");
    }

    @Test
    void aFailureCountsTheTokenLossAndTheConsensusTimeout() {
        Cluster cluster = new Cluster(3, 1000);
        cluster.startAll();
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3)), 20_000, "one ring");
        cluster.stopped.add(NodeId.of(3));
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)), 20_000, "ring of 1 2");
        var counters = cluster.node(1).counters();
        assertEquals(1, counters.get("operational_token_lost"));
        assertTrue(counters.get("consensus_timeouts") >= 1, "node 3 never agreed: " + counters);
        assertTrue(counters.get("memb_commit_token_tx") >= 2 && counters.get("memb_commit_token_rx") >= 2, counters.toString());
        assertTrue(counters.get("mtt_rx_token") > 0, counters.toString());
    }

    @Test
    void badCallsAreRefusedWithAClearMessage() {
        TotemProcessor node = new TotemProcessor(Cluster.config(NodeId.of(1), 1000), 0, new SplittableRandom(1));
        IllegalArgumentException early = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> node.tick(5));
        assertEquals("the processor has not been started", early.getMessage());
        node.start(10);
        IllegalArgumentException backwards = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> node.tick(9));
        assertTrue(backwards.getMessage().startsWith("time went backwards"));
        // A packet whose header sender differs from the transport source is dropped and counted.
        node.receive(0, NodeId.of(2), new MembJoin(NodeId.of(3), Cluster.ids(3), List.of(), 0, false));
        assertEquals(1, node.counters().get("rx_msg_dropped"));
        // A join that does not list its own sender is malformed: dropped, counted, no state change.
        node.receive(0, NodeId.of(2), new MembJoin(NodeId.of(2), Cluster.ids(1, 3), List.of(), 0, false));
        assertEquals(2, node.counters().get("rx_msg_dropped"));
        assertEquals(TotemState.OPERATIONAL, node.state());
        node.invariants();
    }
}
