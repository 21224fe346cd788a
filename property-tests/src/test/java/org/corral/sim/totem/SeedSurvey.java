package org.corral.sim.totem;

import java.util.Map;
import java.util.TreeMap;
import org.corral.sim.RandomScenario;
import org.corral.sim.SimulationFailure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Not a CI test: {@code -Dsim.survey=N} runs seeds 1..N without stopping at the first failure
 * and prints, per checker, how many seeds failed and the first few of them (a bug hunt, and the
 * list the protocol engineer replays with -Dsim.seed).
 * <pre>mvn -B -o -pl property-tests test -Dtest=SeedSurvey -Dsim.survey=500</pre>
 */
class SeedSurvey {
    @Test
    void survey() {
        int count = Integer.getInteger("sim.survey", 0);
        Assumptions.assumeTrue(count > 0, "run with -Dsim.survey=N");
        Map<String, StringBuilder> failures = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        long started = System.nanoTime();
        for (long seed = 1; seed <= count; seed++) {
            try {
                new RandomScenario(seed, false).run(RealTotemNode.factory());
            } catch (SimulationFailure failure) {
                counts.merge(failure.checker(), 1, Integer::sum);
                StringBuilder seeds = failures.computeIfAbsent(failure.checker(), k -> new StringBuilder());
                if (counts.get(failure.checker()) <= 8) {
                    seeds.append("\n  ").append(seed).append(": ").append(failure.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        System.out.printf("survey: %d seeds in %d ms%n", count, (System.nanoTime() - started) / 1_000_000);
        counts.forEach((checker, n) -> System.out.println(checker + ": " + n + " seeds" + failures.get(checker)));
    }
}
