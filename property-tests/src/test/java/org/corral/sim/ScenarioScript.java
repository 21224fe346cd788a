package org.corral.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TotemConfig;

/**
 * A scripted scenario: '#' comment lines (the first says what the scenario proves), settings,
 * timed actions, then a line {@value #SEPARATOR} and the expected trace. Settings: {@code nodes N},
 * {@code token MS}, {@code seed S}, {@code safe on}, {@code delay MIN MAX}, {@code loss RATE},
 * {@code loopback on}. Actions, each {@code at MS ...}: {@code start all|N..}, {@code crash N},
 * {@code restart N}, {@code freeze N}, {@code thaw N}, {@code leave N}, {@code partition 1,2|3},
 * {@code cut A B} (one way), {@code loss A B RATE} (one way, ring 0), {@code clog A B UNTIL_MS},
 * {@code heal}, {@code submit N COUNT [BYTES]}, {@code check}. The last command is
 * {@code settle [BOUND_MS]}: the ring must converge within the bound and deliver everything.
 */
public final class ScenarioScript {
    public static final String SEPARATOR = "----";
    static final int LINES_MAX = 1000;

    private final List<String> header = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();
    private int nodes;
    private long token = 300;
    private long seed = 1;
    private boolean safe;
    private boolean loopback;
    private long delayMin = 1;
    private long delayMax = 3;
    private double loss;
    private final Map<NodeId, RingId> ringsAtLastCheck = new TreeMap<>();

    private ScenarioScript() {}

    public static ScenarioScript parse(String text) {
        ScenarioScript script = new ScenarioScript();
        String[] lines = text.split("\n", -1);
        if (lines.length > LINES_MAX) {
            throw new IllegalArgumentException("a scenario has at most " + LINES_MAX + " lines");
        }
        boolean inExpected = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (inExpected) {
                if (!line.isEmpty()) {
                    script.expected.add(raw.stripTrailing());
                }
            } else if (line.equals(SEPARATOR)) {
                inExpected = true;
            } else if (line.startsWith("#") || line.isEmpty()) {
                script.header.add(raw.stripTrailing());
            } else {
                try {
                    script.setting(line);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException malformed) {
                    throw new IllegalArgumentException("malformed scenario line: " + line);
                }
            }
        }
        if (script.nodes == 0) {
            throw new IllegalArgumentException("a scenario needs a 'nodes N' line");
        }
        if (script.header.isEmpty() || !script.header.get(0).startsWith("#")) {
            throw new IllegalArgumentException("a scenario opens with a comment saying what it proves");
        }
        return script;
    }

    private void setting(String line) {
        String[] words = line.split("\\s+");
        switch (words[0]) {
            case "nodes" -> nodes = Integer.parseInt(words[1]);
            case "token" -> token = Long.parseLong(words[1]);
            case "seed" -> seed = Long.parseLong(words[1]);
            case "safe" -> safe = words[1].equals("on");
            case "loopback" -> loopback = words[1].equals("on");
            case "delay" -> {
                delayMin = Long.parseLong(words[1]);
                delayMax = Long.parseLong(words[2]);
            }
            case "loss" -> loss = Double.parseDouble(words[1]);
            case "at", "settle" -> commands.add(line);
            default -> throw new IllegalArgumentException("unknown scenario line: " + line);
        }
    }

    public List<String> expected() {
        return List.copyOf(expected);
    }

    /** The file text with {@code actual} as its expected trace (the rewrite flag). */
    public String rewritten(List<String> actual) {
        StringBuilder text = new StringBuilder();
        for (String line : header) {
            text.append(line).append('\n');
        }
        text.append("nodes ").append(nodes).append('\n').append("token ").append(token).append('\n')
                .append("seed ").append(seed).append('\n');
        if (safe) {
            text.append("safe on\n");
        }
        if (loopback) {
            text.append("loopback on\n");
        }
        text.append("delay ").append(delayMin).append(' ').append(delayMax).append('\n');
        if (loss > 0) {
            text.append("loss ").append(loss).append('\n');
        }
        for (String command : commands) {
            text.append(command).append('\n');
        }
        text.append(SEPARATOR).append('\n');
        for (String line : actual) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    public TotemConfig config() {
        TotemConfig d = TotemConfig.derived(NodeId.of(1), token, 4, 50, token * 6 / 5);
        return new TotemConfig(d.self(), d.tokenTimeoutMs(), d.tokenRetransmitTimeoutMs(), d.tokenRetransmitsBeforeLoss(),
                d.tokenHoldTimeoutMs(), d.joinTimeoutMs(), d.consensusTimeoutMs(), d.mergeTimeoutMs(),
                d.downcheckTimeoutMs(), d.failRecvConst(), d.seqnoUnchangedConst(), d.missCountConst(), d.windowSize(),
                d.maxMessages(), d.netMtu(), d.submitQueueMax(), d.payloadBytesMax(), safe);
    }

    /** Runs the script; returns the trace lines (throws {@link SimulationFailure} if a checker fails). */
    public List<String> run(NodeFactory factory) {
        LinkState link = Network.conditions().delay(delayMin, delayMax).loss(loss);
        SimOptions options = SimOptions.lan(nodes, config()).withBaseLink(link).withLoopback(loopback).withTrace(true);
        Simulation sim = new Simulation(options, factory, seed);
        long settleBound = -1;
        for (String command : commands) {
            String[] words = command.split("\\s+");
            if (words[0].equals("settle")) {
                settleBound = words.length > 1 ? Long.parseLong(words[1]) : 6 * (token + token * 6 / 5) + 2000;
                continue;
            }
            long at = Long.parseLong(words[1]);
            String action = String.join(" ", List.of(words).subList(2, words.length));
            sim.schedule(at, action, () -> act(sim, words));
        }
        if (settleBound < 0) {
            throw new IllegalArgumentException("a scenario ends with 'settle [BOUND_MS]'");
        }
        long lastAt = 0;
        for (String command : commands) {
            if (command.startsWith("at ")) {
                lastAt = Math.max(lastAt, Long.parseLong(command.split("\\s+")[1]));
            }
        }
        sim.runUntil(lastAt);
        long convergeMs = sim.settle(settleBound, 20 * token);
        sim.trace().line("settled: one ring of " + runningCount(sim) + " within the bound, every accepted message delivered");
        return expectedPart(sim.trace().lines());
    }

    /**
     * The lines a scenario file pins: its timed commands, its check snapshots and the settle
     * verdict. Configuration changes and ring sequence numbers are left out on purpose: they
     * depend on protocol timing details that may change without any guarantee changing; the
     * checkers judge them on every run instead.
     */
    private static List<String> expectedPart(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("@") || line.startsWith("  ") || line.startsWith("settled")) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static long runningCount(Simulation sim) {
        return sim.nodes().stream().filter(sim::isRunning).count();
    }

    private void act(Simulation sim, String[] w) {
        switch (w[2]) {
            case "start" -> {
                for (NodeId id : w[3].equals("all") ? sim.nodes() : ids(w, 3)) {
                    sim.start(id);
                }
            }
            case "restart" -> sim.start(node(w[3]));
            case "crash" -> sim.crash(node(w[3]));
            case "freeze" -> sim.freeze(node(w[3]));
            case "thaw" -> sim.thaw(node(w[3]));
            case "leave" -> sim.leave(node(w[3]));
            case "heal" -> sim.heal();
            case "partition" -> {
                List<List<NodeId>> groups = new ArrayList<>();
                for (String group : w[3].split("\\|")) {
                    List<NodeId> members = new ArrayList<>();
                    for (String id : group.split(",")) {
                        members.add(node(id));
                    }
                    groups.add(members);
                }
                sim.partition(groups);
            }
            case "cut" -> {
                for (int ring = 0; ring < Network.RINGS_MAX; ring++) {
                    sim.network().link(ring, node(w[3]), node(w[4])).cut(true);
                }
            }
            case "loss" -> sim.network().link(0, node(w[3]), node(w[4])).loss(Double.parseDouble(w[5]));
            case "clog" -> sim.network().link(0, node(w[3]), node(w[4])).clogUntil(Long.parseLong(w[5]));
            case "submit" -> submit(sim, node(w[3]), Integer.parseInt(w[4]), w.length > 5 ? Integer.parseInt(w[5]) : 100);
            case "check" -> check(sim);
            default -> throw new IllegalArgumentException("unknown action: " + String.join(" ", w));
        }
    }

    /**
     * One line per node: power and protocol state, members, and whether its ring is another one
     * than at the previous check (a ring id's number is timing; that it changed is the fact).
     */
    private void check(Simulation sim) {
        String[] lines = sim.describe(false).split("\n");
        List<NodeId> nodes = sim.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            RingId ring = sim.regularRing(nodes.get(i));
            RingId before = ringsAtLastCheck.put(nodes.get(i), ring);
            String change = ring == null ? "" : before == null ? "" : ring.equals(before) ? " (same ring)" : " (new ring)";
            sim.trace().line("  " + lines[i] + change);
        }
    }

    private static void submit(Simulation sim, NodeId id, int count, int bytes) {
        for (int i = 0; i < count; i++) {
            long at = sim.now() + 10L * i;
            sim.schedule(at, "", () -> sim.submit(id, bytes));
        }
    }

    private static List<NodeId> ids(String[] words, int from) {
        List<NodeId> result = new ArrayList<>();
        for (int i = from; i < words.length; i++) {
            result.add(node(words[i]));
        }
        return result;
    }

    private static NodeId node(String text) {
        return NodeId.of(Integer.parseInt(text.toLowerCase(Locale.ROOT).replace("n", "")));
    }
}
