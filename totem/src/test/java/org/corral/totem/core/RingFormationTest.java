package org.corral.totem.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class RingFormationTest {

    @Test
    void threeNodesFormOneRingAndPersistItsSeq() {
        Cluster cluster = new Cluster(3, 1000);
        cluster.startAll();
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3)), 20_000, "one ring of 1 2 3");
        RingId ring = cluster.node(1).ringId();
        assertEquals(NodeId.of(1), ring.representative());
        for (int id = 1; id <= 3; id++) {
            assertTrue(cluster.persisted.get(NodeId.of(id)) >= ring.seq(), "ring seq persisted at node " + id);
            List<TotemEvent.ConfigurationChange> changes = cluster.configurations(id);
            TotemEvent.ConfigurationChange last = changes.get(changes.size() - 1);
            assertEquals(ConfigurationType.REGULAR, last.type());
            assertEquals(Cluster.ids(1, 2, 3), last.members());
        }
        assertTrue(cluster.logs(1).stream().anyMatch(line -> line.startsWith("A new membership (1.")),
                "membership log line: " + cluster.logs(1));
    }

    @Test
    void totalOrderIsTheSameEverywhere() {
        Cluster cluster = new Cluster(3, 1000);
        cluster.startAll();
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2, 3)), 20_000, "one ring");
        for (int round = 0; round < 40; round++) {
            for (int id = 1; id <= 3; id++) {
                assertEquals(SubmitResult.ACCEPTED, cluster.submit(id, "m" + id + "-" + round));
            }
            cluster.run(1);
        }
        cluster.runUntil(() -> cluster.delivered(1).size() == 120 && cluster.delivered(2).size() == 120
                && cluster.delivered(3).size() == 120, 20_000, "120 deliveries everywhere");
        assertEquals(cluster.delivered(1), cluster.delivered(2));
        assertEquals(cluster.delivered(1), cluster.delivered(3));
        // FIFO per origin falls out of agreed order.
        List<String> fromTwo = cluster.delivered(1).stream().filter(text -> text.startsWith("m2-")).toList();
        for (int round = 0; round < 40; round++) {
            assertEquals("m2-" + round, fromTwo.get(round));
        }
    }
}
