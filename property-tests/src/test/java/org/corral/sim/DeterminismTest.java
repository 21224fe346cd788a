package org.corral.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.corral.sim.totem.RealTotemNode;
import org.corral.totem.core.NodeId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A seed replays exactly: two runs of one seed give the same event hash, another seed another. */
class DeterminismTest {

    private static long fakeRun(long seed) {
        SimOptions options = SimOptions.lan(4, FakeWorld.config(false)).withBaseLink(Network.conditions().delay(2, 2));
        Simulation sim = new Simulation(options, FakeTotem.factory(FakeTotem.Fault.NONE, NodeId.of(1)), seed);
        for (NodeId id : sim.nodes()) {
            sim.schedule(sim.random().nextInt(100), "start " + id, () -> sim.start(id));
            for (int i = 0; i < 5; i++) {
                sim.schedule(800 + sim.random().nextInt(400), "", () -> sim.submit(id, 100));
            }
        }
        sim.schedule(1500, "crash 4", () -> sim.crash(NodeId.of(4)));
        sim.runUntil(2500);
        sim.settle(3000, 2000);
        return sim.trace().hash();
    }

    @Test
    void oneSeedOneHashWithTheFake() {
        assertEquals(fakeRun(11), fakeRun(11));
        assertNotEquals(fakeRun(11), fakeRun(12));
    }

    @Test
    void oneSeedOneHashWithTheRealProcessor() {
        Assumptions.assumeTrue(RealTotemNode.available(), "the totem processor is still the contract stub");
        for (long seed = 1; seed <= 8; seed++) {
            long first = new RandomScenario(seed, false).hash(RealTotemNode.factory());
            long second = new RandomScenario(seed, false).hash(RealTotemNode.factory());
            assertEquals(first, second, "seed " + seed + " ran twice with different event hashes");
        }
    }
}
