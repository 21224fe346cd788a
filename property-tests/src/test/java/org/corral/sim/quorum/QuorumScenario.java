package org.corral.sim.quorum;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.corral.quorum.core.AutoTieBreaker;
import org.corral.quorum.core.NodeState;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumSafetyChecker;
import org.corral.quorum.core.QuorumView;
import org.corral.quorum.core.VotequorumOptions;
import org.corral.sim.SimOptions;
import org.corral.sim.Simulation;
import org.corral.sim.SimulationFailure;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;

/**
 * One seeded quorum scenario over real totem: 3..7 one-vote nodes running {@link QuorumNode}, one
 * votequorum option set, then a random sequence of partitions (two or three groups), heals, crashes
 * and restarts. After every simulator event the quorate nodes are checked with
 * {@link QuorumSafetyChecker} against the ground truth: the groups of running nodes the network's
 * links really connect. At the end everything heals and restarts, and every node must become quorate
 * (so a rule that is never quorate cannot pass as safe).
 *
 * <p>A node whose installed ring still lists a node it cannot reach (or one that is down) has not
 * noticed the fault yet: totem replaces that ring within a token timeout plus consensus, and no
 * agreed message crosses the cut meanwhile, so its stale quorate flag is left out of the check
 * (counted as "stale"). That the engine never counts a node outside its ring is checked always.
 */
final class QuorumScenario {
    /** The option sets of the issue, each a seed's share. */
    enum OptionSet { NONE, WAIT_FOR_ALL, LAST_MAN_STANDING, AUTO_TIE_BREAKER, WAIT_FOR_ALL_LAST_MAN_STANDING }

    static final String SAFETY = "quorum-safety";
    static final String ENGINE_MEMBERS = "quorum-members";
    static final String LIVENESS = "quorum-liveness";
    static final String STALE = "quorum-stale";
    static final int NODES_MIN = 3;
    static final int NODES_MAX = 7;
    /** Faults per scenario: the seed budget (2000 in CI) times this must fit the ~60 s class budget. */
    static final int STEPS_MAX = 8;

    /** What a run saw, for the report. */
    record Outcome(long seed, OptionSet options, int nodes, long events, long checks, long staleSkips,
            long quorateObservations, long lowered, long tieBroken, long differentSettings, String summary) {}

    private final long seed;
    private final SplittableRandom settings;
    private final int nodeCount;
    private final OptionSet optionSet;
    private final QuorumConfig config;
    private final TotemConfig totemConfig;
    private final List<String> plan = new ArrayList<>();
    private Simulation sim;
    private long events;
    private long checks;
    private long staleSkips;
    private long quorateObservations;
    /** Coverage: quorate under expected votes lowered by last_man_standing; quorate by the tie-breaker. */
    private long lowered;
    private long tieBroken;
    private long differentSettings;
    /** Ground truth, recomputed only after the scenario's own actions (the only things that change it). */
    private Map<Integer, Integer> component;
    /** Each running node's change counter at the last check, plus the ground truth's. */
    private final Map<Integer, Long> seenChanges = new TreeMap<>();
    private boolean truthChanged = true;
    private long truthChangedAtMs;

    QuorumScenario(long seed) {
        this.seed = seed;
        this.settings = new SplittableRandom(seed ^ 0x51F15EEDL);
        this.nodeCount = settings.nextInt(NODES_MIN, NODES_MAX + 1);
        this.optionSet = OptionSet.values()[settings.nextInt(OptionSet.values().length)];
        long token = 200 + 50L * settings.nextInt(0, 5);
        this.totemConfig = TotemConfig.derived(NodeId.of(1), token, 4, 50, token * 6 / 5);
        // The window must outlast noticing a split (token + consensus); the engine sees time once a second.
        long window = 2 * (token + totemConfig.consensusTimeoutMs()) + 1000L * settings.nextInt(1, 4);
        VotequorumOptions options = switch (optionSet) {
            case NONE -> VotequorumOptions.NONE;
            case WAIT_FOR_ALL -> VotequorumOptions.NONE.withWaitForAll(true);
            case LAST_MAN_STANDING -> VotequorumOptions.NONE.withLastManStanding(true, window);
            case AUTO_TIE_BREAKER -> VotequorumOptions.NONE.withAutoTieBreaker(true, tieBreakerMode());
            case WAIT_FOR_ALL_LAST_MAN_STANDING -> VotequorumOptions.NONE.withWaitForAll(true)
                    .withLastManStanding(true, window);
        };
        TreeMap<Integer, Integer> votes = new TreeMap<>();
        for (int id = 1; id <= nodeCount; id++) {
            votes.put(id, 1);
        }
        this.config = new QuorumConfig("simq", 4242, 1, votes, OptionalInt.empty(), OptionalInt.empty(), false,
                QuorumConfig.QUORUM_DEVICE_POLL_DEFAULT_MS, options);
        plan.add("seed=" + seed + " nodes=" + nodeCount + " options=" + optionSet + " " + options + " token=" + token
                + "ms consensus=" + totemConfig.consensusTimeoutMs() + "ms");
    }

    private AutoTieBreaker.Mode tieBreakerMode() {
        int roll = settings.nextInt(3);
        if (roll == 0) {
            return new AutoTieBreaker.Mode.Lowest();
        }
        if (roll == 1) {
            return new AutoTieBreaker.Mode.Highest();
        }
        return new AutoTieBreaker.Mode.Listed(List.of(1 + settings.nextInt(nodeCount), 1 + settings.nextInt(nodeCount)));
    }

    OptionSet optionSet() {
        return optionSet;
    }

    List<String> plan() {
        return plan;
    }

    /** Runs the scenario with {@code decision} standing for "is this node quorate"; throws SimulationFailure. */
    Outcome run(Predicate<QuorumView> decision) {
        // Ticks every 10..20 ms: totem's timers are hundreds of ms here, and ticks are most of the events.
        sim = new Simulation(SimOptions.lan(nodeCount, totemConfig).withTicks(10, 20), QuorumNode.factory(config, decision),
                seed);
        for (NodeId id : sim.nodes()) {
            sim.schedule(settings.nextInt(0, 300), "start " + id, changing(() -> sim.start(id)));
        }
        long at = totemConfig.tokenTimeoutMs() + settings.nextLong(4 * totemConfig.tokenTimeoutMs());
        int steps = settings.nextInt(2, STEPS_MAX + 1);
        for (int i = 0; i < steps; i++) {
            scheduleFault(at);
            at += 200 + settings.nextLong(3000);
        }
        long healAt = at;
        sim.schedule(healAt, "heal and restart all", changing(() -> {
            sim.heal();
            for (NodeId id : sim.nodes()) {
                if (sim.isDown(id)) {
                    sim.start(id);
                }
            }
        }));
        sim.runUntil(healAt, this::checkStep);
        long bound = 10 * (totemConfig.tokenTimeoutMs() + totemConfig.consensusTimeoutMs()) + 2 * QuorumNode.TICK_MS;
        if (!sim.runUntil(healAt + bound, () -> checkStep() || allQuorate())) {
            throw new SimulationFailure(LIVENESS, sim.now(), "not every node is quorate " + bound
                    + " ms after the last heal:\n" + describe());
        }
        String summary = "nodes=" + nodeCount + " options=" + optionSet + " steps=" + steps + " events=" + events
                + " checks=" + checks + " stale=" + staleSkips + " quorate-observations=" + quorateObservations
                + " lowered=" + lowered + " tie-broken=" + tieBroken + " two-settings=" + differentSettings;
        return new Outcome(seed, optionSet, nodeCount, events, checks, staleSkips, quorateObservations, lowered,
                tieBroken, differentSettings, summary);
    }

    private void scheduleFault(long atMs) {
        List<NodeId> nodes = sim.nodes();
        int roll = settings.nextInt(100);
        if (roll < 40) {
            int groups = settings.nextInt(2, 4);
            List<List<NodeId>> split = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                split.add(new ArrayList<>());
            }
            for (NodeId id : nodes) {
                split.get(settings.nextInt(groups)).add(id);
            }
            sim.schedule(atMs, "partition " + split, changing(() -> sim.partition(split)));
            plan.add("@" + atMs + " partition " + split);
        } else if (roll < 60) {
            sim.schedule(atMs, "heal", changing(sim::heal));
            plan.add("@" + atMs + " heal");
        } else if (roll < 80) {
            NodeId victim = nodes.get(settings.nextInt(nodes.size()));
            sim.schedule(atMs, "crash " + victim, changing(() -> sim.crash(victim)));
            plan.add("@" + atMs + " crash " + victim);
        } else {
            NodeId back = nodes.get(settings.nextInt(nodes.size()));
            sim.schedule(atMs, "restart " + back, changing(() -> {
                if (sim.isDown(back)) {
                    sim.start(back);
                }
            }));
            plan.add("@" + atMs + " restart " + back);
        }
    }

    private Runnable changing(Runnable action) {
        return () -> {
            action.run();
            truthChanged = true;
            truthChangedAtMs = sim.now();
        };
    }

    /** How long a quorate node may keep a ring the network no longer supports: totem's convergence bound. */
    private long staleBoundMs() {
        return 6 * (totemConfig.tokenTimeoutMs() + totemConfig.consensusTimeoutMs()) + 2000;
    }

    /** True when neither the ground truth nor any node's quorum state changed since the last check. */
    private boolean unchanged() {
        if (truthChanged) {
            component = components();
            truthChanged = false;
            seenChanges.clear();
            for (int id : component.keySet()) {
                seenChanges.put(id, ((QuorumNode) sim.process(NodeId.of(id))).changes());
            }
            return false;
        }
        boolean same = true;
        for (Map.Entry<Integer, Long> seen : seenChanges.entrySet()) {
            long now = ((QuorumNode) sim.process(NodeId.of(seen.getKey()))).changes();
            if (now != seen.getValue()) {
                seen.setValue(now);
                same = false;
            }
        }
        return same;
    }

    /**
     * The per-event check; returns false so the run goes on (a violation throws). An event that
     * changed neither the ground truth nor any engine leaves the verdict as it was: not re-checked.
     */
    private boolean checkStep() {
        events++;
        if (unchanged()) {
            return false;
        }
        List<QuorumSafetyChecker.Observation> observations = new ArrayList<>();
        for (Map.Entry<Integer, Integer> entry : component.entrySet()) {
            int id = entry.getKey();
            QuorumNode node = (QuorumNode) sim.process(NodeId.of(id));
            QuorumView view = node.view();
            List<Integer> counted = members(view);
            if (!node.ringMembers().containsAll(counted)) {
                throw new SimulationFailure(ENGINE_MEMBERS, sim.now(), "node " + id + " counts " + counted
                        + " outside its ring " + node.ringMembers());
            }
            if (!node.quorate()) {
                continue;
            }
            boolean stale = false;
            for (int member : node.ringMembers()) {
                stale |= !entry.getValue().equals(component.get(member));
            }
            if (stale) {
                if (sim.now() - truthChangedAtMs > staleBoundMs()) {
                    throw new SimulationFailure(STALE, sim.now(), "node " + id + " is still quorate in ring "
                            + node.ringMembers() + " " + (sim.now() - truthChangedAtMs)
                            + " ms after the network changed\n" + describe());
                }
                staleSkips++;
                continue;
            }
            quorateObservations++;
            lowered += view.expectedVotes() < nodeCount ? 1 : 0;
            tieBroken += view.totalVotes() * 2 == view.expectedVotes() ? 1 : 0;
            observations.add(new QuorumSafetyChecker.Observation(id, entry.getValue(), true, view.expectedVotes(),
                    false));
        }
        checks++;
        if (QuorumSafetyChecker.check(observations) instanceof QuorumSafetyChecker.Verdict.Violation violation) {
            throw new SimulationFailure(SAFETY, sim.now(), violation.description() + "\n" + describe());
        }
        // docs/quorum.md section 2: partitions quorate under *different* expected votes are
        // last_man_standing's documented risk; the checker compares per setting, so count them here.
        if (observations.stream().map(QuorumSafetyChecker.Observation::partitionId).distinct().count() > 1) {
            differentSettings++;
        }
        return false;
    }

    /** Ground truth: running node id to its group (the lowest id it can reach both ways over ring 0). */
    private Map<Integer, Integer> components() {
        List<Integer> running = new ArrayList<>();
        for (NodeId id : sim.nodes()) {
            if (sim.isRunning(id)) {
                running.add(id.value());
            }
        }
        Map<Integer, Integer> component = new TreeMap<>();
        for (int id : running) {
            if (component.containsKey(id)) {
                continue;
            }
            List<Integer> frontier = new ArrayList<>(List.of(id));
            component.put(id, id);
            while (!frontier.isEmpty()) {
                int from = frontier.remove(frontier.size() - 1);
                for (int to : running) {
                    if (!component.containsKey(to) && connected(from, to)) {
                        component.put(to, id);
                        frontier.add(to);
                    }
                }
            }
        }
        return component;
    }

    private boolean connected(int a, int b) {
        return !sim.network().link(0, NodeId.of(a), NodeId.of(b)).isCut()
                && !sim.network().link(0, NodeId.of(b), NodeId.of(a)).isCut();
    }

    private static List<Integer> members(QuorumView view) {
        List<Integer> ids = new ArrayList<>();
        for (QuorumView.Node node : view.nodes()) {
            if (node.state() == NodeState.MEMBER) {
                ids.add(node.nodeId());
            }
        }
        return ids;
    }

    private boolean allQuorate() {
        for (NodeId id : sim.nodes()) {
            if (!sim.isRunning(id) || !((QuorumNode) sim.process(id)).quorate()
                    || members(((QuorumNode) sim.process(id)).view()).size() != nodeCount) {
                return false;
            }
        }
        return true;
    }

    /** Each node's state for failure reports: up or down, ring, counted members, quorate, expected, quorum. */
    String describe() {
        StringBuilder text = new StringBuilder();
        Map<Integer, Integer> component = components();
        for (NodeId id : sim.nodes()) {
            text.append("n").append(id.value());
            if (!sim.isRunning(id)) {
                text.append(" down\n");
                continue;
            }
            QuorumNode node = (QuorumNode) sim.process(id);
            QuorumView view = node.view();
            text.append(" group=").append(component.get(id.value())).append(" ring=").append(node.ringMembers())
                    .append(" counted=").append(members(view)).append(" quorate=").append(node.quorate())
                    .append(" expected=").append(view.expectedVotes()).append(" total=").append(view.totalVotes())
                    .append(" quorum=").append(view.quorum()).append('\n');
        }
        return text.toString();
    }
}
