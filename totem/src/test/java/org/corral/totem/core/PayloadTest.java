package org.corral.totem.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class PayloadTest {

    private static Cluster formed(int size) {
        Cluster cluster = new Cluster(size, 1000);
        cluster.startAll();
        List<NodeId> all = new ArrayList<>(cluster.nodes.keySet());
        cluster.runUntil(() -> cluster.allOperationalWith(all), 20_000, "one ring");
        return cluster;
    }

    private static List<byte[]> payloads(Cluster cluster, int id) {
        List<byte[]> payloads = new ArrayList<>();
        for (TotemEvent event : cluster.events.get(NodeId.of(id))) {
            if (event instanceof TotemEvent.Delivered delivered) {
                payloads.add(delivered.payload());
            }
        }
        return payloads;
    }

    @Test
    void largePayloadsAreFragmentedAndReassembledWhole() {
        Cluster cluster = formed(3);
        byte[] big = new byte[100_000];
        new SplittableRandom(1).nextBytes(big);
        byte[] small = "tiny".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(SubmitResult.ACCEPTED, cluster.node(2).submit(big));
        assertEquals(SubmitResult.ACCEPTED, cluster.node(2).submit(small));
        cluster.drain(NodeId.of(2));
        long mcastsBefore = cluster.node(2).counters().get("mcast_tx");
        cluster.runUntil(() -> payloads(cluster, 1).size() >= 2 && payloads(cluster, 3).size() >= 2, 20_000, "both delivered");
        for (int id = 1; id <= 3; id++) {
            List<byte[]> got = payloads(cluster, id);
            assertEquals(2, got.size());
            assertArrayEquals(big, got.get(0));
            assertArrayEquals(small, got.get(1));
        }
        assertTrue(cluster.node(2).counters().get("mcast_tx") - mcastsBefore > 50, "a 100 KB payload takes many frames");
    }

    @Test
    void smallPayloadsArePackedSeveralToAFrame() {
        Cluster cluster = formed(2);
        long before = cluster.node(1).counters().get("mcast_tx");
        for (int i = 0; i < 100; i++) {
            assertEquals(SubmitResult.ACCEPTED, cluster.node(1).submit(new byte[10]));
        }
        cluster.drain(NodeId.of(1));
        cluster.runUntil(() -> payloads(cluster, 2).size() == 100, 10_000, "100 small payloads");
        long frames = cluster.node(1).counters().get("mcast_tx") - before;
        assertTrue(frames <= 5, "100 payloads of 10 bytes fit in a few frames, took " + frames);
    }

    @Test
    void aFullQueueAnswersTryAgainAndAnOversizedPayloadTooLarge() {
        TotemProcessor node = new TotemProcessor(Cluster.config(NodeId.of(1), 1000), 0, new SplittableRandom(3));
        node.start(0);
        node.takeOutput();
        TotemConfig config = Cluster.config(NodeId.of(1), 1000);
        assertEquals(SubmitResult.TOO_LARGE, node.submit(new byte[config.payloadBytesMax() + 1]));
        // Stay in GATHER (no ticks past join) is not guaranteed, so fill a processor that cannot send:
        TotemProcessor blocked = new TotemProcessor(Cluster.config(NodeId.of(2), 1000), 0, new SplittableRandom(4));
        blocked.start(0);
        blocked.receive(0, NodeId.of(1), new MembJoin(NodeId.of(1), Cluster.ids(1, 2), List.of(), 0, false));
        assertEquals(TotemState.GATHER, blocked.state());
        int accepted = 0;
        SubmitResult result;
        while ((result = blocked.submit(new byte[1000])) == SubmitResult.ACCEPTED) {
            accepted++;
            assertTrue(accepted <= config.submitQueueMax(), "the queue must be bounded");
        }
        assertEquals(SubmitResult.TRY_AGAIN, result);
        assertEquals(config.submitQueueMax() * 3 / 4, accepted, "TRY_AGAIN from 75% full");
    }

    @Test
    void aPayloadCutByAConfigurationChangeIsDeliveredWholeAndOnce() {
        Cluster cluster = formed(3);
        byte[] big = new byte[60_000];
        new SplittableRandom(7).nextBytes(big);
        long before = cluster.node(1).counters().get("mcast_tx");
        assertEquals(SubmitResult.ACCEPTED, cluster.node(1).submit(big));
        cluster.drain(NodeId.of(1));
        // Let a few fragments go out on the old ring, then lose a member mid-payload.
        cluster.runUntil(() -> cluster.node(1).counters().get("mcast_tx") - before >= 5, 5_000, "some fragments sent");
        assertTrue(cluster.node(1).pendingFrames() > 0, "the payload is cut, not finished");
        cluster.stopped.add(NodeId.of(3));
        cluster.runUntil(() -> cluster.allOperationalWith(Cluster.ids(1, 2)) && payloads(cluster, 2).size() == 1
                && payloads(cluster, 1).size() == 1, 30_000, "the payload after the new configuration");
        cluster.run(2_000);
        for (int id = 1; id <= 2; id++) {
            List<byte[]> got = payloads(cluster, id);
            assertEquals(1, got.size(), "delivered exactly once at node " + id);
            assertArrayEquals(big, got.get(0));
        }
        assertEquals(0, cluster.node(1).pendingFrames());
    }
}
