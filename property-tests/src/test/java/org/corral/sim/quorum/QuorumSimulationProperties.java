package org.corral.sim.quorum;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.corral.quorum.core.QuorumView;
import org.corral.sim.SimulationFailure;
import org.corral.sim.totem.RealTotemNode;

/**
 * cman's quorum engine with votequorum's options over the real totem processor, one random
 * scenario per seed ({@link QuorumScenario}). The number of seeds is {@code sim.seeds} (the root
 * pom's 2000 by default), handed to jqwik as its default tries. {@code -Dsim.seed=S} replays one
 * seed with its plan and the nodes' final state; a failure prints the seed and that command.
 */
class QuorumSimulationProperties {
    static final String REPLAY = "mvn -B -o -pl property-tests test -Dtest=QuorumSimulationProperties -Dsim.seed=";

    /** The engine's own decision. */
    static final Predicate<QuorumView> ENGINE = QuorumView::quorate;

    private static final AtomicLong SEEDS = new AtomicLong();
    private static final AtomicLong EVENTS = new AtomicLong();
    private static final AtomicLong STALE = new AtomicLong();
    private static final AtomicLong QUORATE = new AtomicLong();
    private static final AtomicLong CHECKS = new AtomicLong();
    private static final AtomicLong LOWERED = new AtomicLong();
    private static final AtomicLong TIE_BROKEN = new AtomicLong();
    private static final AtomicLong TWO_SETTINGS = new AtomicLong();
    private static final AtomicLong WALL_NANOS = new AtomicLong();
    private static final Map<QuorumScenario.OptionSet, AtomicLong> PER_SET = new EnumMap<>(QuorumScenario.OptionSet.class);

    static {
        for (QuorumScenario.OptionSet set : QuorumScenario.OptionSet.values()) {
            PER_SET.put(set, new AtomicLong());
        }
    }

    @Property(shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE, afterFailure = AfterFailureMode.RANDOM_SEED,
            seed = "20261122")
    void atMostOneQuoratePartitionPerExpectedVotes(@ForAll long seed) {
        if (replaySeed() != null || !RealTotemNode.available()) {
            return;
        }
        long started = System.nanoTime();
        try {
            QuorumScenario.Outcome outcome = runOrExplain(seed, ENGINE, false);
            EVENTS.addAndGet(outcome.events());
            STALE.addAndGet(outcome.staleSkips());
            QUORATE.addAndGet(outcome.quorateObservations());
            CHECKS.addAndGet(outcome.checks());
            LOWERED.addAndGet(outcome.lowered());
            TIE_BROKEN.addAndGet(outcome.tieBroken());
            TWO_SETTINGS.addAndGet(outcome.differentSettings());
            PER_SET.get(outcome.options()).incrementAndGet();
        } finally {
            WALL_NANOS.addAndGet(System.nanoTime() - started);
            SEEDS.incrementAndGet();
        }
    }

    @Example
    void replayOneSeed() {
        Long seed = replaySeed();
        if (seed == null) {
            return;
        }
        System.out.println("SEED=" + seed);
        QuorumScenario.Outcome outcome = runOrExplain(seed, ENGINE, true);
        System.out.println(outcome.summary());
    }

    @AfterContainer
    static void report() {
        if (SEEDS.get() > 0) {
            System.out.printf("quorum sim: %d seeds %s, %d events (%d changed something and were checked),"
                    + " %d quorate observations (%d under lowered expected votes, %d by the tie-breaker),"
                    + " %d stale skipped, %d checks with quorate partitions under different expected votes,"
                    + " %d ms wall%n", SEEDS.get(), PER_SET, EVENTS.get(), CHECKS.get(), QUORATE.get(), LOWERED.get(),
                    TIE_BROKEN.get(), STALE.get(), TWO_SETTINGS.get(), WALL_NANOS.get() / 1_000_000);
        }
    }

    /** Runs one seed; on a failure prints the seed, the plan, the nodes' state and the replay command. */
    static QuorumScenario.Outcome runOrExplain(long seed, Predicate<QuorumView> decision, boolean verbose) {
        QuorumScenario scenario = new QuorumScenario(seed);
        try {
            QuorumScenario.Outcome outcome = scenario.run(decision);
            if (verbose) {
                scenario.plan().forEach(System.out::println);
                System.out.println(scenario.describe());
            }
            return outcome;
        } catch (SimulationFailure failure) {
            String text = "SEED=" + seed + "\n" + String.join("\n", scenario.plan()) + "\n" + failure.getMessage()
                    + "\nreplay: " + REPLAY + seed;
            System.out.println(text);
            throw new AssertionError(text, failure);
        }
    }

    static Long replaySeed() {
        return org.corral.sim.ReplaySeed.fromSystemProperty();
    }
}
