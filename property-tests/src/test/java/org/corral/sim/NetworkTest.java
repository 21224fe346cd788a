package org.corral.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.corral.totem.core.NodeId;
import org.junit.jupiter.api.Test;

/** The network model and the event queue: each fault does what its name says, and only that. */
class NetworkTest {
    private static final NodeId A = NodeId.of(1);
    private static final NodeId B = NodeId.of(2);
    private static final NodeId C = NodeId.of(3);

    private static Network network(LinkState base) {
        return new Network(new SplittableRandom(1), base);
    }

    @Test
    void cleanLinkDeliversOnceWithinTheDelayRange() {
        Network net = network(Network.conditions().delay(2, 5));
        for (int i = 0; i < 100; i++) {
            long[] arrivals = net.transmit(100, 0, A, B, 100);
            assertEquals(1, arrivals.length);
            assertTrue(arrivals[0] >= 102 && arrivals[0] <= 105, "arrival " + arrivals[0]);
        }
    }

    @Test
    void cutLossAndDuplicationApplyPerDirection() {
        Network net = network(Network.conditions().delay(1, 1));
        net.link(0, A, B).cut(true);
        assertEquals(0, net.transmit(0, 0, A, B, 100).length);
        assertEquals(1, net.transmit(0, 0, B, A, 100).length, "the other direction is untouched");
        assertEquals(1, net.transmit(0, 1, A, B, 100).length, "the other ring is untouched");
        net.link(0, B, A).loss(1.0);
        assertEquals(0, net.transmit(0, 0, B, A, 100).length);
        net.link(0, A, C).duplicate(1.0);
        assertEquals(2, net.transmit(0, 0, A, C, 100).length);
        net.heal();
        assertEquals(1, net.transmit(0, 0, A, B, 100).length);
        assertEquals(1, net.transmit(0, 0, B, A, 100).length);
        assertEquals(1, net.transmit(0, 0, A, C, 100).length);
    }

    @Test
    void lossRateIsRoughlyTheRateAsked() {
        Network net = network(Network.conditions().loss(0.2));
        int delivered = 0;
        for (int i = 0; i < 10_000; i++) {
            delivered += net.transmit(0, 0, A, B, 100).length;
        }
        assertTrue(delivered > 7_600 && delivered < 8_400, "delivered " + delivered + " of 10000 at 20% loss");
    }

    @Test
    void capacityQueuesThenTailDrops() {
        LinkState base = Network.conditions().capacity(1000);
        base.queueBytesMax = 2500;
        Network net = network(base);
        assertArrayEquals(new long[] {1}, net.transmit(0, 0, A, B, 1000));
        assertArrayEquals(new long[] {2}, net.transmit(0, 0, A, B, 1000));
        assertEquals(0, net.transmit(0, 0, A, B, 1000).length, "the third packet overflows the 2500-byte buffer");
        assertArrayEquals(new long[] {3}, net.transmit(1, 0, A, B, 1000), "room again once the first left");
    }

    @Test
    void clogHoldsUntilItsEnd() {
        Network net = network(Network.conditions().delay(1, 1));
        net.link(0, A, B).clogUntil(500);
        assertArrayEquals(new long[] {500}, net.transmit(10, 0, A, B, 100));
        assertArrayEquals(new long[] {601}, net.transmit(600, 0, A, B, 100));
    }

    @Test
    void partitionCutsOnlyBetweenGroups() {
        Network net = network(Network.conditions());
        net.partition(List.of(List.of(A, B), List.of(C)));
        assertEquals(1, net.transmit(0, 0, A, B, 10).length);
        assertEquals(0, net.transmit(0, 0, A, C, 10).length);
        assertEquals(0, net.transmit(0, 1, C, B, 10).length);
    }

    @Test
    void eventsComeOutByTimeThenInsertionOrder() {
        EventQueue queue = new EventQueue();
        queue.add(5, new EventQueue.Control("b", () -> { }));
        queue.add(1, new EventQueue.Control("a", () -> { }));
        queue.add(5, new EventQueue.Control("c", () -> { }));
        List<String> order = new ArrayList<>();
        while (queue.peek() != null) {
            order.add(((EventQueue.Control) queue.poll().event()).label());
        }
        assertEquals(List.of("a", "b", "c"), order);
    }

    @Test
    void aFrozenNodeMissesNothingItsBufferHeldAndTimeJumpsOnThaw() {
        SimOptions options = SimOptions.lan(2, FakeWorld.config(false)).withBaseLink(Network.conditions().delay(1, 1));
        Simulation sim = new Simulation(options, FakeTotem.factory(FakeTotem.Fault.NONE, A), 3);
        sim.schedule(0, "start", () -> sim.nodes().forEach(sim::start));
        sim.runUntil(1000);
        assertTrue(sim.converged());
        sim.freeze(B);
        sim.submit(A, 50);
        sim.runUntil(1100);
        assertEquals(0, sim.deliveredCount(B), "frozen: nothing handed up");
        sim.thaw(B);
        sim.runUntil(1200);
        assertEquals(1, sim.deliveredCount(B), "the buffered packet was read on thaw");
        sim.freeze(B);
        sim.runUntil(3000);
        assertFalse(sim.converged(), "a stopped process is not part of a converged ring");
        sim.thaw(B);
        sim.runUntil(5000);
        assertTrue(sim.converged());
    }
}
