package org.corral.fenced.sim;

import java.util.TreeMap;
import java.util.TreeSet;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceEffect;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEffect.VictimDone;

/**
 * Watches the simulation's ground truth against what the cores say:
 * <ol>
 *   <li>no node is reported fenced unless its simulated power went off after its (latest) failure;</li>
 *   <li>a core that started fencing a victim never lets go of it (without reporting it done) while
 *       the victim is still powered since its failure;</li>
 *   <li>the master keeps trying: while it is quorate and the victim it is fencing now (fenced takes
 *       victims one at a time) is powered, the gap between two
 *       agent runs for that victim never exceeds {@link #RETRY_GAP_MAX_MS} (agent timeout +
 *       override_time + slack);</li>
 *   <li>only a quorate node runs a fence agent.</li>
 * </ol>
 */
final class SimChecker {
    private final FenceSim sim;
    private final TreeMap<Integer, Long> failedAt = new TreeMap<>();
    private final TreeMap<Integer, Long> powerOffAt = new TreeMap<>();
    private final TreeMap<Integer, TreeSet<Integer>> attempted = new TreeMap<>();
    private final TreeMap<Integer, TreeSet<Integer>> released = new TreeMap<>();
    private final TreeMap<Integer, TreeMap<Integer, Long>> lastRunMs = new TreeMap<>();
    static final long RETRY_GAP_MAX_MS = 45_000;
    int fencedReports;

    SimChecker(FenceSim sim) {
        this.sim = sim;
    }

    void failed(int id, long nowMs) {
        failedAt.put(id, nowMs);
    }

    void poweredOff(int id, long nowMs) {
        powerOffAt.put(id, nowMs);
        forget(id);
    }

    void poweredOn(int id, long nowMs) {
        forget(id);
    }

    /** A node lost power or booted: what it tried as a fencer, and what was tried on it, is past. */
    private void forget(int id) {
        attempted.remove(id);
        released.remove(id);
        lastRunMs.remove(id);
        attempted.values().forEach(set -> set.remove(id));
        released.values().forEach(set -> set.remove(id));
        lastRunMs.values().forEach(map -> map.remove(id));
    }

    boolean offSinceFailure(int id) {
        Long failed = failedAt.get(id);
        Long off = powerOffAt.get(id);
        return off != null && (failed == null || off >= failed);
    }

    void effect(FenceSim.Node node, FenceEffect effect) {
        if (effect instanceof RunAgent run && run.purpose() == Purpose.FENCE) {
            if (!sim.quorate(node.id)) {
                throw new Violation("node " + node.id + " ran a fence agent for " + run.victim() + " while inquorate");
            }
            attempted.computeIfAbsent(node.id, k -> new TreeSet<>()).add(run.victimNodeId());
            released.getOrDefault(node.id, new TreeSet<>()).remove(run.victimNodeId());
            lastRunMs.computeIfAbsent(node.id, k -> new TreeMap<>()).put(run.victimNodeId(), sim.now);
        }
        if (effect instanceof VictimDone done) {
            released.computeIfAbsent(node.id, k -> new TreeSet<>()).add(done.nodeId());
            if (done.fenced()) {
                fencedReports++;
                if (!offSinceFailure(done.nodeId())) {
                    throw new Violation("node " + node.id + " reported " + done.name() + " fenced (" + done.how().text()
                            + ") but its power never went off after its failure");
                }
            }
        }
    }

    void afterStep() {
        for (FenceSim.Node node : sim.nodes.values()) {
            if (!node.alive() || !attempted.containsKey(node.id)) {
                continue;
            }
            var victims = node.core.state().victims();
            for (int victim : attempted.get(node.id)) {
                boolean let = !victims.contains(victim) && !released.getOrDefault(node.id, new TreeSet<>()).contains(victim);
                boolean powered = sim.nodes.get(victim).powered && !offSinceFailure(victim);
                if (let && powered) {
                    throw new Violation("node " + node.id + " stopped fencing node " + victim + " while it is powered");
                }
                var state = node.core.state();
                long last = lastRunMs.getOrDefault(node.id, new TreeMap<>()).getOrDefault(victim, sim.now);
                if (powered && state.victimNow() == victim && state.masterNodeId() == node.id && sim.quorate(node.id)
                        && sim.now - last > RETRY_GAP_MAX_MS) {
                    throw new Violation("node " + node.id + " has not tried to fence node " + victim + " for "
                            + (sim.now - last) + " ms while it is powered");
                }
            }
        }
    }

    /** A PeerFenced reached {@code node}: it may drop the victim. */
    void peerReleased(int node, int victim) {
        released.computeIfAbsent(node, k -> new TreeSet<>()).add(victim);
    }
}
