package org.corral.sim.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.corral.quorum.core.NodeState;
import org.corral.quorum.core.QuorumView;
import org.corral.sim.SimulationFailure;
import org.corral.sim.totem.RealTotemNode;
import org.junit.jupiter.api.Test;

/**
 * The simulator's quorum check can fail: with a broken decision plugged in ("half the expected votes
 * is enough", i.e. quorum = expected / 2) the same scenarios produce two quorate partitions, and
 * the checker reports them within the first seeds. And a seed replays exactly, so a failure's
 * replay command shows the same run.
 */
class QuorumCheckerCatchesBrokenRuleTest {
    static final int SEEDS_MAX = 60;

    /** quorum = expected / 2 for a member of the ring: an exact split is quorate on both sides. */
    static final Predicate<QuorumView> HALF_IS_ENOUGH = view -> view.nodes().stream()
            .anyMatch(n -> n.nodeId() == view.localNodeId() && n.state() == NodeState.MEMBER)
            && view.totalVotes() >= view.expectedVotes() / 2;

    @Test
    void theBrokenRuleIsCaughtWithinTheFirstSeeds() {
        if (!RealTotemNode.available()) {
            return;
        }
        for (long seed = 1; seed <= SEEDS_MAX; seed++) {
            try {
                new QuorumScenario(seed).run(HALF_IS_ENOUGH);
            } catch (SimulationFailure failure) {
                assertEquals(QuorumScenario.SAFETY, failure.checker(), failure.getMessage());
                assertTrue(failure.getMessage().contains("are all quorate"), failure.getMessage());
                System.out.println("broken rule caught at seed " + seed + ": " + failure.getMessage().lines().findFirst().orElse(""));
                return;
            }
        }
        throw new AssertionError("quorum = expected/2 went unnoticed for " + SEEDS_MAX + " seeds");
    }

    @Test
    void theEngineIsSafeOnTheSameSeeds() {
        if (!RealTotemNode.available()) {
            return;
        }
        for (long seed = 1; seed <= 10; seed++) {
            new QuorumScenario(seed).run(QuorumSimulationProperties.ENGINE);
        }
    }

    @Test
    void aSeedReplaysExactly() {
        if (!RealTotemNode.available()) {
            return;
        }
        for (long seed : new long[] {3, 17}) {
            QuorumScenario.Outcome first = new QuorumScenario(seed).run(QuorumSimulationProperties.ENGINE);
            QuorumScenario.Outcome second = new QuorumScenario(seed).run(QuorumSimulationProperties.ENGINE);
            assertEquals(first, second, "seed " + seed + " is not deterministic");
        }
    }
}
