package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeuristicsTest {
    @Test
    void scoreCountsUpHeuristicsUntilTkoFailuresInARow() {
        HeuristicScorer scorer = new HeuristicScorer(List.of(new HeuristicConfig("ping gw", 2, 1, 2),
                new HeuristicConfig("check nfs", 1, 3, 1)));
        assertEquals(3, scorer.scoreMax());
        assertEquals(0, scorer.score(), "nothing counts before its first success");
        assertEquals(List.of(0, 1), scorer.due(0));
        assertEquals(List.of(), scorer.due(999));
        assertEquals(List.of(0), scorer.due(1000));
        assertEquals(List.of(0, 1), scorer.due(3000));
        scorer.record(0, true);
        scorer.record(1, true);
        assertEquals(3, scorer.score());
        scorer.record(0, false);
        assertEquals(3, scorer.score(), "one failure of tko=2 is tolerated");
        scorer.record(0, false);
        assertEquals(1, scorer.score());
        scorer.record(0, true);
        scorer.record(1, false);
        assertEquals(2, scorer.score(), "tko=1: one failure is enough");
        HeuristicScorer none = new HeuristicScorer(List.of());
        assertEquals(1, none.score());
        assertEquals(1, none.scoreMax());
    }

    @Test
    void runnerUsesShAndCountsTimeoutsAsFailures() {
        assertTrue(HeuristicRunner.run(new HeuristicConfig("exit 0", 1, 1, 1), 10_000));
        assertFalse(HeuristicRunner.run(new HeuristicConfig("exit 3", 1, 1, 1), 10_000));
        assertTrue(HeuristicRunner.run(new HeuristicConfig("test \"$(echo a b | wc -w)\" -eq 2", 1, 1, 1), 10_000),
                "the program goes through sh -c");
        assertFalse(HeuristicRunner.run(new HeuristicConfig("sleep 30", 1, 1, 1), 200), "killed at its limit");
        assertFalse(HeuristicRunner.run(new HeuristicConfig("/nonexistent/program", 1, 1, 1), 10_000));
    }
}
