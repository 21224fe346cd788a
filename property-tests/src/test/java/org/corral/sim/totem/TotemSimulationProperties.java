package org.corral.sim.totem;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.corral.sim.RandomScenario;
import org.corral.sim.SimulationFailure;

/**
 * Random scenarios over the real totem processor, one per seed. The number of seeds is the
 * Maven property {@code sim.seeds} (the root pom's default is 2000; the module pom hands it to
 * jqwik as its default tries). {@code -Dsim.seed=S} replays one seed, printing {@code SEED=S}
 * first and then the scenario's trace. A failure prints the seed and the command that replays it.
 */
class TotemSimulationProperties {
    static final String REPLAY = "mvn -B -o -pl property-tests test -Dtest=TotemSimulationProperties -Dsim.seed=";

    /**
     * Checkers whose failures are known, still open protocol bugs (filed with seeds in
     * docs/totem-simulator-findings.md): a seed that fails only one of these would be reported loudly,
     * with its replay command, and counted, but would not fail the run. Empty since 02:04 UTC: every
     * bug the simulator found is fixed in the core (surveys 1..2000 and the CI seeds all pass), so
     * every checker fails the build. {@code -Dsim.tolerate=self-delivery,...} relaxes a run.
     */
    static final String KNOWN_PROTOCOL_BUGS = "";

    private static final AtomicLong SEEDS_RUN = new AtomicLong();
    private static final AtomicLong EVENTS = new AtomicLong();
    private static final AtomicLong WALL_NANOS = new AtomicLong();
    private static final AtomicLong CONVERGE_MAX_MS = new AtomicLong();
    private static final AtomicLong TOLERATED = new AtomicLong();

    @Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, afterFailure = AfterFailureMode.RANDOM_SEED,
            seed = "20261122")
    void randomScenariosKeepEveryGuarantee(@ForAll long seed) {
        if (replaySeed() != null || !RealTotemNode.available()) {
            return;
        }
        long started = System.nanoTime();
        RandomScenario.Outcome outcome;
        try {
            outcome = runOrExplain(seed, false);
        } catch (AssertionError failure) {
            if (!(failure.getCause() instanceof SimulationFailure known) || !tolerated().contains(known.checker())) {
                throw failure;
            }
            TOLERATED.incrementAndGet();
            System.out.println("tolerated known protocol bug (" + known.checker() + "), see docs/totem-simulator-findings.md");
            return;
        } finally {
            WALL_NANOS.addAndGet(System.nanoTime() - started);
            SEEDS_RUN.incrementAndGet();
        }
        EVENTS.addAndGet(outcome.events());
        CONVERGE_MAX_MS.accumulateAndGet(outcome.convergeMs(), Math::max);
    }

    @Example
    void replayOneSeed() {
        Long seed = replaySeed();
        if (seed == null) {
            return;
        }
        System.out.println("SEED=" + seed);
        if (!RealTotemNode.available()) {
            System.out.println("the totem processor is still the contract stub: nothing to replay");
            return;
        }
        RandomScenario.Outcome outcome = runOrExplain(seed, true);
        System.out.println("hash=" + Long.toHexString(outcome.hash()) + " events=" + outcome.events());
    }

    @AfterContainer
    static void report() {
        if (SEEDS_RUN.get() > 0) {
            System.out.printf("sim: %d seeds, %d events, %d ms wall, slowest convergence %d ms virtual after heal,"
                    + " %d seeds failed a tolerated known protocol bug %s%n", SEEDS_RUN.get(), EVENTS.get(),
                    WALL_NANOS.get() / 1_000_000, CONVERGE_MAX_MS.get(), TOLERATED.get(), tolerated());
        } else if (replaySeed() == null) {
            System.out.println("sim: the totem processor is still the contract stub; no seeds run");
        }
    }

    static RandomScenario.Outcome runOrExplain(long seed, boolean verbose) {
        RandomScenario scenario = new RandomScenario(seed, verbose);
        try {
            RandomScenario.Outcome outcome = scenario.run(RealTotemNode.factory());
            if (verbose) {
                scenario.traceLines().forEach(System.out::println);
            }
            return outcome;
        } catch (SimulationFailure failure) {
            if (verbose) {
                scenario.traceLines().forEach(System.out::println);
            }
            String text = "SEED=" + seed + "\n" + failure.getMessage() + "\nreplay: " + REPLAY + seed;
            System.out.println(text);
            throw new AssertionError(text, failure);
        }
    }

    static java.util.Set<String> tolerated() {
        String list = System.getProperty("sim.tolerate", KNOWN_PROTOCOL_BUGS);
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    static Long replaySeed() {
        return org.corral.sim.ReplaySeed.fromSystemProperty();
    }
}
