package org.corral.sim;

import java.util.random.RandomGenerator;
import org.corral.totem.core.TotemConfig;

/** Builds a node's processor; called at first start and again at every restart after a crash. */
@FunctionalInterface
public interface NodeFactory {
    /**
     * @param persistedRingSeq the last ring sequence the node's previous incarnation persisted
     *                         (0 on first start): the only state that survives a crash.
     */
    SimulatedNode create(TotemConfig config, long persistedRingSeq, RandomGenerator random);
}
