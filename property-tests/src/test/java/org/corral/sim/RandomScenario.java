package org.corral.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;

/**
 * A random scenario, every setting drawn from one seed: the ring size (1..32, mostly small),
 * the timeouts (token 200..1000 ms), the network (delay, jitter, loss, duplication, capacity),
 * a workload of messages from 20 bytes to 20 KB (so packing and fragmentation), and up to four
 * faults (partitions both and one way, lossy links, clogs, crashes with restart, freezes, leaves)
 * inside a fault window. At the window's end everything heals; then the ring must converge
 * within a bound and every accepted message must be self-delivered.
 */
public final class RandomScenario {
    /** Fault kinds, each with its own weight in {@link #pickFault}. */
    enum FaultKind { PARTITION, ONE_WAY, LOSSY_LINK, CLOG, CRASH, FREEZE, LEAVE }

    public record Outcome(long seed, long hash, long events, long convergeMs, long virtualMs, String summary) {}

    private final long seed;
    private final SplittableRandom settings;
    private final int nodeCount;
    private final TotemConfig config;
    private final SimOptions options;
    private final List<String> plan = new ArrayList<>();
    private Simulation last;

    public RandomScenario(long seed, boolean keepTrace) {
        this.seed = seed;
        this.settings = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double size = settings.nextDouble();
        nodeCount = size < 0.05 ? 1 : size < 0.82 ? settings.nextInt(2, 6) : size < 0.97 ? settings.nextInt(6, 11)
                : settings.nextInt(11, SimOptions.NODES_MAX + 1);
        // Like corosync's token_coefficient: a longer ring needs a longer token timeout.
        long token = 200 + 50L * settings.nextInt(0, 17) + 30L * Math.max(0, nodeCount - 2);
        TotemConfig derived = TotemConfig.derived(NodeId.of(1), token, 4, 50, token * 6 / 5);
        boolean safe = settings.nextDouble() < 0.15;
        config = new TotemConfig(derived.self(), derived.tokenTimeoutMs(), derived.tokenRetransmitTimeoutMs(),
                derived.tokenRetransmitsBeforeLoss(), derived.tokenHoldTimeoutMs(), derived.joinTimeoutMs(),
                derived.consensusTimeoutMs(), derived.mergeTimeoutMs(), derived.downcheckTimeoutMs(),
                derived.failRecvConst(), derived.seqnoUnchangedConst(), derived.missCountConst(), derived.windowSize(),
                derived.maxMessages(), derived.netMtu(), derived.submitQueueMax(), derived.payloadBytesMax(), safe);
        long delayMin = settings.nextInt(0, 3);
        LinkState link = Network.conditions().delay(delayMin, delayMin + settings.nextInt(0, 6))
                .loss(settings.nextDouble() < 0.5 ? 0 : settings.nextDouble() * 0.02)
                .duplicate(settings.nextDouble() < 0.7 ? 0 : settings.nextDouble() * 0.02)
                .capacity(settings.nextDouble() < 0.8 ? 0 : settings.nextInt(1_000, 12_500));
        long tickMin = settings.nextInt(4, 11);
        options = new SimOptions(nodeCount, config, link, tickMin, tickMin + settings.nextInt(0, 11),
                settings.nextInt(0, 100_000), settings.nextInt(0, 1001), false, keepTrace);
        plan.add("nodes=" + nodeCount + " token=" + token + "ms consensus=" + config.consensusTimeoutMs() + "ms safe=" + safe
                + " delay=" + link.delayMinMs + ".." + link.delayMaxMs + "ms loss=" + percent(link.lossRate)
                + " dup=" + percent(link.duplicateRate) + " capacity=" + (link.bytesPerMs == 0 ? "unlimited" : link.bytesPerMs + "B/ms")
                + " tick=" + options.tickMinMs() + ".." + options.tickMaxMs() + "ms");
    }

    public SimOptions options() {
        return options;
    }

    /** How long after the heal the ring may take to converge: a few rounds of token loss and consensus. */
    public long convergeBoundMs() {
        return 6 * (config.tokenTimeoutMs() + config.consensusTimeoutMs()) + 2000;
    }

    /** The simulation of the last run (for diagnostics after a failure). */
    public Simulation lastSimulation() {
        return last;
    }

    /** The readable trace of the last run (with keepTrace): its plan, faults and configurations. */
    public List<String> traceLines() {
        return last == null ? List.of() : last.trace().lines();
    }

    /**
     * The event hash of a run, whether or not a checker failed (the failure is folded in): the
     * determinism test needs it even while the processor still has bugs.
     */
    public long hash(NodeFactory factory) {
        try {
            return run(factory).hash();
        } catch (SimulationFailure failure) {
            last.trace().line(failure.getMessage());
            return last.trace().hash();
        }
    }

    public Outcome run(NodeFactory factory) {
        Simulation sim = new Simulation(options, factory, seed);
        last = sim;
        sim.traceLogs(options.keepTrace());
        Trace trace = sim.trace();
        plan.forEach(trace::line);
        // Faults may start before the first ring has formed: that is a case too.
        long formed = config.tokenTimeoutMs() + settings.nextLong(2 * config.tokenTimeoutMs());
        for (NodeId id : sim.nodes()) {
            long at = settings.nextInt(0, 300);
            sim.schedule(at, "start " + id, () -> sim.start(id));
        }
        long faultStart = formed;
        long healAt = faultStart + 200 + settings.nextLong(3 * config.tokenTimeoutMs() + 1000);
        workload(sim, 300, healAt);
        int faults = settings.nextInt(0, 5);
        for (int i = 0; i < faults; i++) {
            fault(sim, faultStart + settings.nextLong(healAt - faultStart), healAt);
        }
        sim.schedule(healAt, "heal", () -> {
            sim.heal();
            for (NodeId id : sim.nodes()) {
                if (sim.isDown(id)) {
                    sim.start(id);
                } else {
                    sim.thaw(id);
                }
            }
        });
        sim.runUntil(healAt);
        long convergeMs = sim.settle(convergeBoundMs(), 20 * config.tokenTimeoutMs());
        String summary = "nodes=" + nodeCount + " faults=" + faults + " delivered=" + sim.checker().deliveries()
                + " configs=" + sim.checker().configurationChanges() + " packets=" + sim.network().packetsSent()
                + " converged " + convergeMs + " ms after heal";
        trace.line(summary);
        return new Outcome(seed, trace.hash(), trace.events(), convergeMs, sim.now(), summary);
    }

    private void workload(Simulation sim, long fromMs, long untilMs) {
        int perSecond = settings.nextInt(0, 60);
        if (perSecond == 0) {
            return;
        }
        for (NodeId id : sim.nodes()) {
            long at = fromMs + settings.nextLong(1000 / perSecond + 1);
            while (at < untilMs) {
                int length = messageLength();
                sim.schedule(at, "", () -> sim.submit(id, length));
                at += 1 + settings.nextLong(2000 / perSecond + 1);
            }
        }
    }

    private int messageLength() {
        double kind = settings.nextDouble();
        int length = kind < 0.80 ? settings.nextInt(20, 200) : kind < 0.97 ? settings.nextInt(200, 3000)
                : settings.nextInt(3000, 20_000);
        return Math.max(Payloads.HEADER_BYTES, length);
    }

    private void fault(Simulation sim, long atMs, long healAtMs) {
        List<NodeId> nodes = sim.nodes();
        NodeId a = nodes.get(settings.nextInt(nodes.size()));
        NodeId b = nodes.get(settings.nextInt(nodes.size()));
        long lastsMs = 100 + settings.nextLong(3 * config.tokenTimeoutMs());
        long endMs = Math.min(atMs + lastsMs, healAtMs);
        FaultKind kind = pickFault();
        switch (kind) {
            case PARTITION -> {
                List<NodeId> left = new ArrayList<>();
                List<NodeId> right = new ArrayList<>();
                for (NodeId id : nodes) {
                    (settings.nextBoolean() ? left : right).add(id);
                }
                sim.schedule(atMs, "partition " + left + "|" + right, () -> sim.partition(List.of(left, right)));
            }
            case ONE_WAY -> sim.schedule(atMs, "cut " + a + "->" + b, () -> sim.network().link(0, a, b).cut(true));
            case LOSSY_LINK -> {
                double loss = 0.2 + settings.nextDouble() * 0.8;
                sim.schedule(atMs, "loss " + a + "<->" + b + " " + percent(loss), () -> {
                    sim.network().link(0, a, b).loss(loss);
                    sim.network().link(0, b, a).loss(loss);
                });
            }
            case CLOG -> sim.schedule(atMs, "clog " + a + "->" + b + " until " + endMs,
                    () -> sim.network().link(0, a, b).clogUntil(endMs));
            case CRASH -> {
                sim.schedule(atMs, "crash " + a, () -> sim.crash(a));
                sim.schedule(endMs, "restart " + a, () -> {
                    if (sim.isDown(a)) {
                        sim.start(a);
                    }
                });
            }
            case FREEZE -> {
                sim.schedule(atMs, "freeze " + a, () -> sim.freeze(a));
                sim.schedule(endMs, "thaw " + a, () -> sim.thaw(a));
            }
            case LEAVE -> sim.schedule(atMs, "leave " + a, () -> sim.leave(a));
        }
    }

    private FaultKind pickFault() {
        int roll = settings.nextInt(100);
        if (roll < 20) {
            return FaultKind.PARTITION;
        } else if (roll < 30) {
            return FaultKind.ONE_WAY;
        } else if (roll < 45) {
            return FaultKind.LOSSY_LINK;
        } else if (roll < 55) {
            return FaultKind.CLOG;
        } else if (roll < 75) {
            return FaultKind.CRASH;
        } else if (roll < 92) {
            return FaultKind.FREEZE;
        }
        return FaultKind.LEAVE;
    }

    private static String percent(double rate) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100);
    }
}
