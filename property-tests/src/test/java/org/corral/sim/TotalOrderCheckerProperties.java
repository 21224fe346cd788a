package org.corral.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.corral.sim.Payloads.MessageId;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/**
 * The incremental order checker against a brute-force oracle: random delivery histories of a few
 * processes (each a subsequence of one agreed order, sometimes with two messages swapped at one
 * process), interleaved at random. The checker must object exactly when some pair of processes
 * delivered two messages in opposite orders.
 */
class TotalOrderCheckerProperties {
    private static final RingId RING = new RingId(NodeId.of(1), 4);

    @Property(tries = 500)
    void agreesWithTheBruteForceOracle(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int processes,
            @ForAll @IntRange(min = 1, max = 12) int messages) {
        Random random = new Random(seed);
        List<List<MessageId>> histories = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            List<MessageId> history = new ArrayList<>();
            for (int m = 0; m < messages; m++) {
                if (random.nextInt(4) != 0) {
                    history.add(new MessageId(1, 1, m));
                }
            }
            if (history.size() >= 2 && random.nextInt(3) == 0) {
                int i = random.nextInt(history.size() - 1);
                history.add(i, history.remove(i + 1));
            }
            histories.add(history);
        }
        boolean inverted = oracleFindsInversion(histories);
        TotalOrderChecker checker = new TotalOrderChecker();
        int[] next = new int[processes];
        boolean objected = false;
        while (!objected) {
            List<Integer> pending = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                if (next[p] < histories.get(p).size()) {
                    pending.add(p);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            int p = pending.get(random.nextInt(pending.size()));
            objected = checker.deliver(RING, new ProcessId(p + 1, 1), histories.get(p).get(next[p]++)) != null;
        }
        assertEquals(inverted, objected, "histories " + histories);
        Statistics.collect(inverted ? "inverted" : "consistent");
        // Both verdicts must be exercised, or the property proves nothing.
        Statistics.coverage(coverage -> {
            coverage.check("inverted").count(n -> n >= 25);
            coverage.check("consistent").count(n -> n >= 25);
        });
    }

    private static boolean oracleFindsInversion(List<List<MessageId>> histories) {
        for (List<MessageId> a : histories) {
            for (List<MessageId> b : histories) {
                for (int i = 0; i < a.size(); i++) {
                    for (int j = i + 1; j < a.size(); j++) {
                        int bi = b.indexOf(a.get(i));
                        int bj = b.indexOf(a.get(j));
                        if (bi >= 0 && bj >= 0 && bi > bj) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
