package org.corral.sim;

import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;

/** Small fixed scenarios over {@link FakeTotem}, shared by the checker tests. */
final class FakeWorld {
    enum Script { STEADY, CRASH_3, RESTART_1, SAFE_CRASH_OF_SEQUENCER }

    private FakeWorld() {}

    static TotemConfig config(boolean safe) {
        TotemConfig c = TotemConfig.derived(NodeId.of(1), 300, 4, 50, 360);
        return new TotemConfig(c.self(), c.tokenTimeoutMs(), c.tokenRetransmitTimeoutMs(), c.tokenRetransmitsBeforeLoss(),
                c.tokenHoldTimeoutMs(), c.joinTimeoutMs(), c.consensusTimeoutMs(), c.mergeTimeoutMs(),
                c.downcheckTimeoutMs(), c.failRecvConst(), c.seqnoUnchangedConst(), c.missCountConst(), c.windowSize(),
                c.maxMessages(), c.netMtu(), c.submitQueueMax(), c.payloadBytesMax(), safe);
    }

    /** Runs one script with {@code fault} at {@code faultyNode}; returns the failure, or null if every check held. */
    static SimulationFailure run(Script script, FakeTotem.Fault fault, int faultyNode, long seed) {
        boolean safe = script == Script.SAFE_CRASH_OF_SEQUENCER;
        // Constant delay: the fake is only correct on a FIFO, lossless network.
        SimOptions options = SimOptions.lan(3, config(safe)).withBaseLink(Network.conditions().delay(2, 2));
        Simulation sim = new Simulation(options, FakeTotem.factory(fault, NodeId.of(faultyNode)), seed);
        try {
            for (NodeId id : sim.nodes()) {
                sim.schedule(0, "start " + id, () -> sim.start(id));
            }
            if (script == Script.SAFE_CRASH_OF_SEQUENCER) {
                safeScript(sim);
            } else {
                load(sim, 1000);
            }
            if (script == Script.CRASH_3) {
                sim.schedule(2000, "crash 3", () -> sim.crash(NodeId.of(3)));
            }
            if (script == Script.RESTART_1) {
                sim.schedule(2000, "crash 1", () -> sim.crash(NodeId.of(1)));
                sim.schedule(2600, "restart 1", () -> sim.start(NodeId.of(1)));
            }
            sim.runUntil(3000);
            sim.settle(3000, 2000);
            return null;
        } catch (SimulationFailure failure) {
            return failure;
        }
    }

    private static void load(Simulation sim, long fromMs) {
        for (int round = 0; round < 4; round++) {
            for (NodeId id : sim.nodes()) {
                long at = fromMs + round * 100 + id.value() * 10;
                sim.schedule(at, "submit " + id, () -> sim.submit(id, 64));
            }
        }
    }

    /** The sequencer delivers its own message at once, its copies to the others are lost, and it dies. */
    private static void safeScript(Simulation sim) {
        NodeId one = NodeId.of(1);
        sim.schedule(1000, "cut 1->2, 1->3", () -> {
            sim.network().link(0, one, NodeId.of(2)).cut(true);
            sim.network().link(0, one, NodeId.of(3)).cut(true);
        });
        sim.schedule(1001, "submit 1", () -> sim.submit(one, 64));
        sim.schedule(1010, "crash 1", () -> sim.crash(one));
        sim.schedule(2000, "heal", sim::heal);
    }
}
