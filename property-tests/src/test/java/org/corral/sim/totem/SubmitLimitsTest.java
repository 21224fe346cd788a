package org.corral.sim.totem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.corral.sim.Network;
import org.corral.sim.SimOptions;
import org.corral.sim.Simulation;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The submit side of the real processor in the simulated world: a payload over the limit is
 * TOO_LARGE; a node cut off from its ring keeps accepting until its bounded queue answers
 * TRY_AGAIN (never blocks, never grows without bound); every accepted message is delivered (in
 * the node's own configuration, it was alone) and the ring forms again, every checker watching.
 */
class SubmitLimitsTest {
    private static final int MESSAGE_BYTES = 1000;

    @Test
    void tooLargeThenTryAgainThenEverythingDelivered() {
        Assumptions.assumeTrue(RealTotemNode.available(), "the totem processor is still the contract stub");
        TotemConfig config = TotemConfig.derived(NodeId.of(1), 300, 4, 50, 360);
        Simulation sim = new Simulation(SimOptions.lan(3, config).withBaseLink(Network.conditions().delay(1, 2)),
                RealTotemNode.factory(), 9);
        sim.schedule(0, "start", () -> sim.nodes().forEach(sim::start));
        assertTrue(sim.runUntil(5000, () -> sim.nodes().stream().allMatch(sim::isRunning) && sim.converged()));
        NodeId one = NodeId.of(1);
        assertEquals(SubmitResult.TOO_LARGE, sim.submit(one, config.payloadBytesMax() + 1));

        sim.partition(List.of(List.of(one), List.of(NodeId.of(2), NodeId.of(3))));
        sim.runUntil(sim.now() + 50);
        long bytesBound = (long) config.submitQueueMax() * config.netMtu();
        int accepted = 0;
        SubmitResult last = SubmitResult.ACCEPTED;
        while (last == SubmitResult.ACCEPTED && (long) accepted * MESSAGE_BYTES <= 2 * bytesBound) {
            last = sim.submit(one, MESSAGE_BYTES);
            if (last == SubmitResult.ACCEPTED) {
                accepted++;
            }
        }
        assertEquals(SubmitResult.TRY_AGAIN, last, "accepted " + accepted + " messages of " + MESSAGE_BYTES
                + " bytes without ever answering TRY_AGAIN");
        assertTrue(accepted > 0);

        sim.runUntil(sim.now() + 2000);
        sim.heal();
        sim.settle(10_000, 60_000);
        // Sent while node 1 was alone: delivered in its own configuration (EVS), not to the others.
        assertTrue(sim.deliveredCount(one) >= accepted, "node 1 delivered " + sim.deliveredCount(one) + " of " + accepted);
    }
}
