package org.corral.sim.totem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.corral.sim.LinkState;
import org.corral.sim.Network;
import org.corral.sim.SimOptions;
import org.corral.sim.Simulation;
import org.corral.sim.SubmitLoop;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Not a CI test: the simulator's figures for docs/totem.md, measured in virtual time over the
 * real processor with corosync 3's default timeouts for the ring size.
 * <pre>mvn -B -o -pl property-tests test -Dtest=SimulatorFiguresReport -Dsim.report=true</pre>
 * For each ring (3 and 16 nodes) and each loss rate (0 and 5% on every link, both ways), three
 * seeds: once the ring has formed, every node keeps its submit queue full of 100-byte messages
 * for 40 token rotations (at most 300 s of virtual time); then the load stops and the highest
 * node crashes.
 * <ul>
 *   <li>messages per rotation = messages delivered at node 1 / tokens node 1 received;</li>
 *   <li>packets per message = every packet sent on the network (a multicast counts once, tokens
 *       and retransmissions included) / messages delivered at node 1;</li>
 *   <li>crash to configuration = virtual ms from the crash until every survivor has installed the
 *       regular configuration without the crashed node.</li>
 * </ul>
 */
class SimulatorFiguresReport {
    /** The load phase lasts this many token rotations (seen at node 1)... */
    private static final int LOAD_ROTATIONS = 40;
    /** ...or this long in virtual time, whichever comes first. */
    private static final long LOAD_MS_MAX = 300_000;
    private static final int SEEDS = 3;

    record Figures(double messagesPerRotation, double packetsPerMessage, long crashToConfigurationMs) {}

    @Test
    void report() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("sim.report"), "run with -Dsim.report=true");
        Assumptions.assumeTrue(RealTotemNode.available(), "the totem processor is still the contract stub");
        List<String> table = new ArrayList<>();
        table.add("| nodes | loss | token ms | delivered msgs / token rotation | packets / delivered msg | crash -> new configuration (virtual ms) |");
        table.add("|---:|---:|---:|---:|---:|---:|");
        String only = System.getProperty("sim.report.only", "");
        for (int nodes : new int[] {3, 16}) {
            for (double loss : new double[] {0, 0.05}) {
                if (!only.isEmpty() && !only.equals(nodes + "/" + (int) (loss * 100))) {
                    continue;
                }
                double perRotation = 0;
                double perMessage = 0;
                long crashMin = Long.MAX_VALUE;
                long crashMax = 0;
                long crashSum = 0;
                int crashMeasured = 0;
                for (int seed = 1; seed <= SEEDS; seed++) {
                    Figures figures = measure(nodes, loss, seed);
                    System.err.println("figures " + nodes + " nodes, loss " + loss + ", seed " + seed + ": " + figures);
                    perRotation += figures.messagesPerRotation() / SEEDS;
                    perMessage += figures.packetsPerMessage() / SEEDS;
                    if (figures.crashToConfigurationMs() >= 0) {
                        crashMeasured++;
                        crashMin = Math.min(crashMin, figures.crashToConfigurationMs());
                        crashMax = Math.max(crashMax, figures.crashToConfigurationMs());
                        crashSum += figures.crashToConfigurationMs();
                    }
                }
                long token = TotemConfig.corosyncDefaults(NodeId.of(1), nodes).tokenTimeoutMs();
                String crash = crashMeasured == 0 ? "none formed" : String.format(Locale.ROOT, "%d (%d..%d)%s",
                        crashSum / crashMeasured, crashMin, crashMax,
                        crashMeasured < SEEDS ? ", " + (SEEDS - crashMeasured) + " of " + SEEDS + " seeds formed none" : "");
                table.add(String.format(Locale.ROOT, "| %d | %.0f%% | %d | %.1f | %.2f | %s |", nodes, loss * 100, token,
                        perRotation, perMessage, crash));
            }
        }
        table.forEach(System.out::println);
        Path out = Path.of("target", "simulator-figures.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", table) + "\n", StandardCharsets.UTF_8);
    }

    private static long tokens(Simulation sim, NodeId node) {
        return sim.process(node).counters().getOrDefault("orf_token_rx", 0L);
    }

    static Figures measure(int nodes, double loss, long seed) {
        TotemConfig config = TotemConfig.corosyncDefaults(NodeId.of(1), nodes);
        LinkState link = Network.conditions().delay(0, 1).loss(loss);
        SimOptions options = SimOptions.lan(nodes, config).withBaseLink(link).withTicks(10, 10);
        Simulation sim = new Simulation(options, RealTotemNode.factory(), seed);
        for (NodeId id : sim.nodes()) {
            sim.schedule(0, "start " + id, () -> sim.start(id));
        }
        long formedBound = 20 * (config.tokenTimeoutMs() + config.consensusTimeoutMs());
        if (!sim.runUntil(formedBound, () -> sim.nodes().stream().allMatch(sim::isRunning) && sim.converged())) {
            throw new IllegalStateException(nodes + " nodes did not form one ring within " + formedBound + " ms:\n" + sim.describe());
        }
        NodeId one = NodeId.of(1);
        long loadStart = sim.now();
        boolean[] loading = {true};
        SubmitLoop.keepFull(sim, 100, loadStart, loadStart + LOAD_MS_MAX, 5, () -> loading[0]);
        sim.runUntil(loadStart + 1);
        long tokens0 = tokens(sim, one);
        long packets0 = sim.network().packetsSent();
        int delivered0 = sim.deliveredCount(one);
        sim.runUntil(loadStart + LOAD_MS_MAX, () -> tokens(sim, one) - tokens0 >= LOAD_ROTATIONS);
        loading[0] = false;
        long rotations = tokens(sim, one) - tokens0;
        long packets = sim.network().packetsSent() - packets0;
        int delivered = sim.deliveredCount(one) - delivered0;
        NodeId victim = NodeId.of(nodes);
        System.err.println("load phase: " + sim.packetsByKind() + " delivered at 1: " + delivered + " rotations " + rotations
                + " queue " + sim.pendingEvents());
        sim.crash(victim);
        long crashedAt = sim.now();
        List<NodeId> survivors = new ArrayList<>(sim.nodes());
        survivors.remove(victim);
        long bound = 20 * (config.tokenTimeoutMs() + config.consensusTimeoutMs());
        boolean formed = sim.runUntil(crashedAt + bound,
                () -> survivors.stream().allMatch(id -> sim.regularMembers(id).equals(survivors)));
        if (!formed) {
            System.err.println("no configuration without node " + victim + " within " + bound + " ms:\n" + sim.describe());
        }
        return new Figures(rotations == 0 ? 0 : (double) delivered / rotations,
                delivered == 0 ? 0 : (double) packets / delivered, formed ? sim.now() - crashedAt : -1);
    }
}
