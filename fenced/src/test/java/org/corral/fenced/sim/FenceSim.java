package org.corral.fenced.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceEffect;
import org.corral.fenced.core.FenceEffect.Log;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEffect.VictimDone;
import org.corral.fenced.core.FenceEvent;
import org.corral.fenced.core.FenceEvent.AgentFinished;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.corral.fenced.core.FenceEvent.FenceHow;
import org.corral.fenced.core.FenceEvent.MembershipChanged;
import org.corral.fenced.core.FenceEvent.OverrideAck;
import org.corral.fenced.core.FenceEvent.PeerFenced;
import org.corral.fenced.core.FenceEvent.QuorumChanged;

/**
 * A deterministic simulation of a fence domain: N nodes in one thread under virtual time, each
 * running a fence core; a network that can hang or partition nodes; simulated fence devices whose
 * success really powers the target off (and a reboot powers it on again, a fresh node); agents
 * that run on the fencing node and die with it. Everything random comes from the seed.
 *
 * <p>Checkers (see {@link SimChecker}) watch the ground truth after every step.
 */
final class FenceSim {
    /** How a simulated fence device behaves. */
    enum Kind { OK, FAIL, TIMEOUT, SLOW, FLAKY }

    static final long STEP_MS = 250;
    static final long OK_ACT_MS = 1_000;
    static final long SLOW_ACT_MS = 20_000;
    static final long BOOT_MS = 40_000;

    final FenceConfig config;
    final boolean twoNode;
    final Map<String, Kind> deviceKinds;
    final SplittableRandom random;
    final Core.Factory factory;
    final SimChecker checker = new SimChecker(this);
    final List<String> trace = new ArrayList<>();
    final TreeMap<Integer, Node> nodes = new TreeMap<>();
    private final List<Job> jobs = new ArrayList<>();
    long now;

    final class Node {
        final int id;
        boolean powered = true;
        boolean hung;
        int group;
        int incarnation;
        Core core;
        TreeSet<Integer> view = new TreeSet<>();
        Boolean quorate;
        long powerOnAtMs = -1;
        long poweredOffAtMs = -1;
        final List<FenceEvent> held = new ArrayList<>();

        Node(int id) {
            this.id = id;
        }

        boolean alive() {
            return powered && !hung;
        }

        String name() {
            return config.nameOf(id);
        }
    }

    private record Job(int host, int hostIncarnation, RunAgent run, int target, Kind kind, long actAtMs,
                       long finishAtMs, AgentOutcome outcome, boolean[] acted) {
    }

    FenceSim(FenceConfig config, boolean twoNode, Map<String, Kind> deviceKinds, long seed, Core.Factory factory) {
        this.config = config;
        this.twoNode = twoNode;
        this.deviceKinds = new TreeMap<>(deviceKinds);
        this.random = new SplittableRandom(seed);
        this.factory = factory;
        for (FenceConfig.NodeConfig n : config.nodes()) {
            Node node = new Node(n.nodeId());
            node.core = factory.create(config, n.nodeId());
            nodes.put(n.nodeId(), node);
        }
        recompute();
    }

    // ---------------------------------------------------------------- faults a scenario injects

    /** SIGSTOP the node's daemon: it stops answering; the others see it fail. */
    void hang(int id) {
        nodes.get(id).hung = true;
        checker.failed(id, now);
        trace("hang " + id);
        recompute();
    }

    /** SIGCONT: the node answers again and, as far as the others know, rejoins. */
    void resume(int id) {
        Node node = nodes.get(id);
        node.hung = false;
        trace("resume " + id);
        for (FenceEvent e : List.copyOf(node.held)) {
            deliver(node, e);
        }
        node.held.clear();
        recompute();
    }

    /** Splits the network: each node id goes to the group given. */
    void partition(Map<Integer, Integer> groups) {
        for (Node node : nodes.values()) {
            int before = node.group;
            node.group = groups.getOrDefault(node.id, 0);
            if (before != node.group) {
                trace("partition " + node.id + " -> " + node.group);
            }
        }
        for (Node node : nodes.values()) {
            for (Node other : nodes.values()) {
                if (node.group != other.group) {
                    checker.failed(node.id, now);
                }
            }
        }
        recompute();
    }

    /** The administrator pulls the plug by hand, then runs fence_ack_manual on {@code on}. */
    void manualOverride(int victim, int on) {
        powerOff(victim, false);
        deliver(nodes.get(on), new OverrideAck(config.nameOf(victim)));
    }

    // ---------------------------------------------------------------- the loop

    void runUntil(long endMs) {
        while (now < endMs) {
            now += STEP_MS;
            for (Node node : nodes.values()) {
                if (!node.powered && node.powerOnAtMs >= 0 && now >= node.powerOnAtMs) {
                    powerOn(node);
                }
            }
            runJobs();
            for (Node node : nodes.values()) {
                if (node.alive()) {
                    node.core.tick(now);
                    carryOut(node);
                }
            }
            checker.afterStep();
        }
    }

    private void runJobs() {
        for (Job job : List.copyOf(jobs)) {
            Node host = nodes.get(job.host);
            boolean hostAlive = host.powered && host.incarnation == job.hostIncarnation;
            // An agent whose host lost power in this same instant still got its command out: two
            // nodes that shoot each other at once both die.
            boolean hostJustDied = !host.powered && host.incarnation == job.hostIncarnation
                    && host.poweredOffAtMs == now;
            if (!job.acted[0] && now >= job.actAtMs) {
                job.acted[0] = true;
                if ((hostAlive || hostJustDied) && job.outcome == AgentOutcome.SUCCESS && job.target > 0) {
                    boolean reboot = job.run.stdinLines().contains("action=reboot");
                    trace("agent on " + job.host + " powers off " + job.target + (reboot ? " (reboot)" : ""));
                    if (job.run.purpose() == Purpose.FENCE) {
                        powerOff(job.target, reboot);
                    }
                }
            }
            if (now >= job.finishAtMs) {
                jobs.remove(job);
                if (hostAlive) {
                    deliver(host, new AgentFinished(job.run.runId(), job.outcome, job.outcome == AgentOutcome.SUCCESS ? 0 : 1));
                }
            }
        }
    }

    private void carryOut(Node node) {
        for (FenceEffect effect : node.core.takeEffects()) {
            checker.effect(node, effect);
            if (effect instanceof RunAgent run) {
                startJob(node, run);
            } else if (effect instanceof VictimDone done) {
                trace("node " + node.id + " victim done " + done.nodeId() + " " + done.how().text());
                if (done.broadcast()) {
                    for (int member : node.view) {
                        if (member != node.id) {
                            deliver(nodes.get(member), new PeerFenced(done.nodeId(), done.how(), node.id));
                        }
                    }
                }
            } else if (effect instanceof Log log && log.priority() != FenceEffect.Priority.DEBUG) {
                trace("node " + node.id + " log " + log.text());
            }
        }
    }

    private void startJob(Node host, RunAgent run) {
        Kind kind = deviceKinds.getOrDefault(run.deviceName(), Kind.OK);
        int target = targetOf(run);
        long delayMs = 1_000L * Long.parseLong(arg(run, "delay", "0"));
        long act;
        long finish;
        AgentOutcome outcome;
        switch (kind) {
            case FAIL -> { act = now + OK_ACT_MS; finish = act; outcome = AgentOutcome.ERROR; }
            case TIMEOUT -> { act = now + run.timeoutMs(); finish = act; outcome = AgentOutcome.TIMEOUT; }
            case SLOW -> { act = now + delayMs + SLOW_ACT_MS; finish = act + 1_000; outcome = AgentOutcome.SUCCESS; }
            case FLAKY -> {
                act = now + delayMs + OK_ACT_MS;
                finish = act + 1_000;
                outcome = random.nextBoolean() ? AgentOutcome.SUCCESS : AgentOutcome.ERROR;
            }
            default -> { act = now + delayMs + OK_ACT_MS; finish = act + 1_000; outcome = AgentOutcome.SUCCESS; }
        }
        // The runner kills an agent at its timeout, whatever it was doing.
        if (finish - now > run.timeoutMs()) {
            act = now + run.timeoutMs();
            finish = act;
            outcome = AgentOutcome.TIMEOUT;
        }
        trace("node " + host.id + " runs " + run.agent() + " dev " + run.methodNum() + "." + run.deviceNum() + " on "
                + run.victim() + " (" + kind + ")");
        jobs.add(new Job(host.id, host.incarnation, run, target, kind, act, finish, outcome, new boolean[1]));
    }

    private int targetOf(RunAgent run) {
        String name = arg(run, "nodename", run.victim());
        return config.node(name).map(FenceConfig.NodeConfig::nodeId).orElse(0);
    }

    private static String arg(RunAgent run, String key, String fallback) {
        for (String line : run.stdinLines()) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return fallback;
    }

    private void powerOff(int id, boolean reboot) {
        Node node = nodes.get(id);
        if (!node.powered) {
            return;
        }
        node.powered = false;
        node.poweredOffAtMs = now;
        node.hung = false;
        node.core = null;
        node.held.clear();
        node.view = new TreeSet<>();
        node.quorate = null;
        node.powerOnAtMs = reboot ? now + BOOT_MS : -1;
        checker.poweredOff(id, now);
        trace("power off " + id);
        recompute();
    }

    private void powerOn(Node node) {
        node.powered = true;
        node.powerOnAtMs = -1;
        node.incarnation++;
        node.group = 0;
        node.core = factory.create(config, node.id);
        node.core.tick(now);
        checker.poweredOn(node.id, now);
        trace("power on " + node.id);
        recompute();
    }

    /** Works out every live node's view and quorum and delivers the changes. */
    void recompute() {
        TreeSet<Integer> fresh = new TreeSet<>();
        for (Node node : nodes.values()) {
            if (node.alive() && node.view.isEmpty()) {
                fresh.add(node.id);
            }
        }
        for (Node node : nodes.values()) {
            if (!node.alive()) {
                continue;
            }
            TreeSet<Integer> view = new TreeSet<>();
            for (Node other : nodes.values()) {
                if (other.alive() && other.group == node.group) {
                    view.add(other.id);
                }
            }
            boolean quorate = twoNode ? !view.isEmpty() : view.size() * 2 > nodes.size();
            boolean quorumChanged = node.quorate == null || node.quorate != quorate;
            // fenced acts only once cman's and cpg's views agree (ring ids); the simulation gives the
            // same guarantee by ordering: losing quorum is told first, gaining it last.
            if (quorumChanged && !quorate) {
                node.quorate = false;
                deliver(node, new QuorumChanged(false));
            }
            if (!view.equals(node.view)) {
                TreeSet<Integer> joined = new TreeSet<>();
                for (int member : view) {
                    // A cpg join names the nodes new to the group; a node that just started sees
                    // itself (and others starting with it) join, not the members already there.
                    if (!node.view.contains(member) && (!node.view.isEmpty() || fresh.contains(member))) {
                        joined.add(member);
                    }
                }
                TreeSet<Integer> failed = new TreeSet<>(node.view);
                failed.removeAll(view);
                node.view = view;
                deliver(node, new MembershipChanged(view, joined, new TreeSet<>(), failed, view));
            }
            if (quorumChanged && quorate) {
                node.quorate = true;
                deliver(node, new QuorumChanged(true));
            }
        }
    }

    private void deliver(Node node, FenceEvent event) {
        if (!node.powered) {
            return;
        }
        if (node.hung) {
            node.held.add(event);
            return;
        }
        if (event instanceof PeerFenced peer) {
            checker.peerReleased(node.id, peer.victimNodeId());
        }
        node.core.tick(now);
        node.core.handle(event);
        carryOut(node);
    }

    boolean quorate(int id) {
        Node node = nodes.get(id);
        return node.alive() && Boolean.TRUE.equals(node.quorate);
    }

    void trace(String line) {
        trace.add(now + " " + line);
    }

    List<String> syslog(int id) {
        String prefix = "node " + id + " log ";
        return trace.stream().map(l -> l.substring(l.indexOf(' ') + 1)).filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length())).toList();
    }
}
