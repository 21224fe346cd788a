package org.corral.fenced.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.DomainState.Attempt;
import org.corral.fenced.core.DomainState.NodeRecord;
import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceConfig.NodeConfig;
import org.corral.fenced.core.FenceEffect.AwaitOverride;
import org.corral.fenced.core.FenceEffect.Log;
import org.corral.fenced.core.FenceEffect.Priority;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEffect.VictimDone;
import org.corral.fenced.core.FenceEvent.AgentFinished;
import org.corral.fenced.core.FenceEvent.FenceHow;
import org.corral.fenced.core.FenceEvent.MembershipChanged;
import org.corral.fenced.core.FenceEvent.OverrideAck;
import org.corral.fenced.core.FenceEvent.PeerFenced;
import org.corral.fenced.core.FenceEvent.QuorumChanged;
import org.corral.fenced.core.MethodPass.Done;
import org.corral.fenced.core.MethodPass.Entry;
import org.corral.fenced.core.MethodPass.Run;

/**
 * One node's fence domain (RHCS fence/fenced/cpg.c, recover.c): who are the victims, who fences
 * them, when, and the endless method loop. A deterministic state machine: events in through
 * {@link #handle}, time in through {@link #tick}, effects out through {@link #takeEffects}.
 *
 * <p>Contract with the shell:
 * <ol>
 *   <li>Exactly one thread calls this object; call {@link #tick} before each batch of events.</li>
 *   <li>After every call, take the effects and carry them out in order.</li>
 *   <li>Every {@link RunAgent} gets exactly one {@link AgentFinished} with its run id, also when
 *       the runner had to kill the agent (TIMEOUT) or could not start it (FORK).</li>
 *   <li>A {@link VictimDone} with {@code broadcast} set goes to every domain member (they feed it
 *       back as {@link PeerFenced}); every VictimDone goes to the layers above (dlm, rgmanager).</li>
 * </ol>
 *
 * <p>Deviations from fenced, each on purpose: the start-message exchange ("wait state messages")
 * belongs to the cpg shell, which delivers a change only once it completed; a victim whose fencing
 * has begun is fenced even if it rejoins (fenced would "avert" it, which lets a node that merely
 * paused come back with stale state); the override is accepted at any time, not only during the
 * override wait; agent runs have a timeout.
 */
public final class FenceDomain {
    public static final int HISTORY_MAX = 256;
    public static final int EFFECTS_MAX = 4096;
    /** fenced logs the first rounds of a victim in full, then only every STILL_RETRYING_EVERY-th. */
    public static final int RETRIES_LOGGED = 3;
    public static final int STILL_RETRYING_EVERY = 600;
    private static final long NONE = Long.MIN_VALUE;

    private final FenceConfig config;
    private final int localNodeId;
    private final String localName;
    private final List<FenceEffect> effects = new ArrayList<>();
    private final TreeSet<Integer> members = new TreeSet<>();
    private final TreeSet<Integer> complete = new TreeSet<>();
    private final TreeMap<Integer, Victim> victims = new TreeMap<>();
    private final TreeMap<Integer, Record> records = new TreeMap<>();
    private final TreeMap<Long, Flight> inFlight = new TreeMap<>();
    private final ArrayDeque<Attempt> history = new ArrayDeque<>();
    private long nowMs;
    private boolean joined;
    private boolean quorate;
    private boolean everQuorate;
    private int master;
    private boolean delaying;
    private long delayStartMs;
    private long delayMs;
    private boolean deferLogged;
    private Round round;
    private MethodPass unfencePass;
    private int unfenceLogged;
    private long nextRunId = 1;

    private static final class Victim {
        final int nodeId;
        final String name;
        int failedRounds;

        Victim(int nodeId, String name) {
            this.nodeId = nodeId;
            this.name = name;
        }
    }

    private static final class Round {
        final Victim victim;
        MethodPass pass;
        int logged;
        long runId;
        long overrideUntilMs = NONE;

        Round(Victim victim, MethodPass pass) {
            this.victim = victim;
            this.pass = pass;
        }
    }

    private record Flight(RunAgent run, long startMs) {
    }

    private static final class Record {
        int lastFenceMaster;
        FenceHow how = FenceHow.NONE;
        long lastFenceMs;
    }

    public FenceDomain(FenceConfig config, int localNodeId) {
        Check.argument(localNodeId > 0, "local node id must be positive");
        this.config = config;
        this.localNodeId = localNodeId;
        this.localName = config.nameOf(localNodeId);
        for (NodeConfig node : config.nodes()) {
            records.put(node.nodeId(), new Record());
        }
    }

    /** The only source of time. */
    public void tick(long nowMs) {
        Check.argument(nowMs >= this.nowMs, "time went backwards");
        this.nowMs = nowMs;
        step();
        invariants();
    }

    public void handle(FenceEvent event) {
        if (event instanceof MembershipChanged change) {
            onMembership(change);
        } else if (event instanceof QuorumChanged quorum) {
            onQuorum(quorum.quorate());
        } else if (event instanceof AgentFinished finished) {
            onAgentFinished(finished);
        } else if (event instanceof OverrideAck override) {
            onOverride(override.nodeName());
        } else if (event instanceof PeerFenced peer) {
            onPeerFenced(peer);
        }
        step();
        invariants();
    }

    /** Runs the local node's {@code <unfence>} devices (what fence_node -U does at cman start). */
    public void startUnfence() {
        Check.that(unfencePass == null, "unfence started twice");
        NodeConfig self = config.node(localNodeId).orElse(null);
        if (self == null || self.unfence().isEmpty()) {
            return;
        }
        unfencePass = MethodPass.unfence(localName, self.unfence());
        driveUnfence();
        invariants();
    }

    public List<FenceEffect> takeEffects() {
        List<FenceEffect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }

    public DomainState state() {
        List<NodeRecord> nodes = new ArrayList<>();
        TreeSet<Integer> ids = new TreeSet<>(records.keySet());
        ids.addAll(victims.keySet());
        ids.addAll(members);
        for (int id : ids) {
            Record r = records.getOrDefault(id, new Record());
            nodes.add(new NodeRecord(id, members.contains(id), victims.containsKey(id), r.lastFenceMaster, r.how,
                    r.lastFenceMs));
        }
        String wait = !joined || victims.isEmpty() ? "none" : !quorate ? "quorum" : "fencing";
        return new DomainState(joined, List.copyOf(members), victims.size(), round == null ? 0 : round.victim.nodeId,
                joined ? master : 0, wait, List.copyOf(victims.keySet()), nodes, List.copyOf(history));
    }

    // ---------------------------------------------------------------- events

    private void onMembership(MembershipChanged change) {
        if (!change.members().contains(localNodeId)) {
            if (joined) {
                leaveDomain();
            }
            return;
        }
        boolean first = !joined;
        joined = true;
        members.clear();
        members.addAll(change.members());
        for (int failed : change.failed()) {
            addVictim(failed);
        }
        if (first && !config.daemon().cleanStart()) {
            // add_victims_init: configured nodes that are neither cluster members nor domain members.
            for (NodeConfig node : config.nodes()) {
                if (!change.members().contains(node.nodeId()) && !change.clusterMembers().contains(node.nodeId())) {
                    addVictim(node.nodeId());
                }
            }
        }
        complete.retainAll(members);
        // Members that did not join in this change were in the domain before it and so completed
        // a start cycle; a node that joins an existing domain learns this way that it is not master.
        for (int member : members) {
            if (!change.joined().contains(member)) {
                complete.add(member);
            }
        }
        master = complete.isEmpty() ? members.first() : complete.first();
        complete.addAll(members);
        deferLogged = false;
        if (round != null && master != localNodeId) {
            abandonRound();
        }
        if (!victims.isEmpty() && round == null) {
            DaemonSettings daemon = config.daemon();
            if (first || !change.joined().isEmpty()) {
                startDelay(daemon.postJoinDelayMs());
            } else if (!change.failed().isEmpty()) {
                startDelay(daemon.postFailDelayMs());
            }
        }
    }

    private void onQuorum(boolean nowQuorate) {
        boolean firstQuorum = nowQuorate && !everQuorate;
        quorate = nowQuorate;
        everQuorate |= nowQuorate;
        if (firstQuorum && joined && !victims.isEmpty() && round == null) {
            startDelay(config.daemon().postJoinDelayMs());
        }
    }

    private void onAgentFinished(AgentFinished finished) {
        Flight flight = inFlight.remove(finished.runId());
        if (flight == null) {
            log(Priority.WARNING, "agent result for unknown run " + finished.runId() + " ignored");
            return;
        }
        RunAgent run = flight.run();
        if (history.size() == HISTORY_MAX) {
            history.removeFirst();
        }
        history.addLast(new Attempt(flight.startMs(), run.victim(), run.methodNum(), run.deviceNum(), run.deviceName(),
                run.agent(), finished.outcome().logText(), nowMs - flight.startMs()));
        if (run.purpose() == Purpose.UNFENCE) {
            unfencePass.record(finished.outcome());
            driveUnfence();
            return;
        }
        if (round != null && round.runId == finished.runId()) {
            round.runId = 0;
            round.pass.record(finished.outcome());
            logRoundEntries();
        }
        // Otherwise the victim was overridden or fenced by another node meanwhile: history only.
    }

    private void onOverride(String nodeName) {
        Victim victim = victims.values().stream().filter(v -> v.name.equals(nodeName)).findFirst().orElse(null);
        if (victim == null || master != localNodeId) {
            log(Priority.INFO, "fence override for " + nodeName + " ignored: not a victim of this node");
            return;
        }
        log(Priority.ERR, "fence " + victim.name + " overridden by administrator intervention");
        victimDone(victim.nodeId, FenceHow.OVERRIDE, localNodeId, true);
    }

    private void onPeerFenced(PeerFenced peer) {
        if (victims.containsKey(peer.victimNodeId())) {
            victimDone(peer.victimNodeId(), peer.how(), peer.byNodeId(), false);
        } else {
            note(peer.victimNodeId(), peer.how(), peer.byNodeId());
        }
    }

    // ---------------------------------------------------------------- the loop

    private void step() {
        if (!joined || victims.isEmpty()) {
            delaying = false;
            return;
        }
        if (!quorate) {
            return;
        }
        if (master != localNodeId) {
            if (!deferLogged) {
                log(Priority.INFO, "fencing deferred to " + config.nameOf(master));
                deferLogged = true;
            }
            return;
        }
        if (round == null && delaying) {
            dropRejoinedVictims();
            if (victims.isEmpty()) {
                delaying = false;
                return;
            }
            if (delayMs == DaemonSettings.FOREVER || nowMs < delayStartMs + delayMs) {
                return;
            }
            delaying = false;
        }
        if (round == null) {
            Victim victim = victims.firstEntry().getValue();
            round = new Round(victim, MethodPass.fence(victim.name, methodsOf(victim.nodeId)));
            log(Priority.INFO, "fencing node " + victim.name);
        }
        if (round.runId != 0) {
            return;
        }
        if (round.overrideUntilMs != NONE) {
            if (nowMs < round.overrideUntilMs) {
                return;
            }
            round.overrideUntilMs = NONE;
            round.pass = MethodPass.fence(round.victim.name, methodsOf(round.victim.nodeId));
            round.logged = 0;
        }
        advanceRound();
    }

    private void advanceRound() {
        MethodPass.Step next = round.pass.next();
        logRoundEntries();
        if (next instanceof Run run) {
            RunAgent effect = new RunAgent(nextRunId++, Purpose.FENCE, round.victim.name, round.victim.nodeId,
                    run.methodNum(), run.deviceNum(), run.use().deviceName(), run.use().agent(), run.stdinLines(),
                    config.agentTimeoutMs());
            round.runId = effect.runId();
            inFlight.put(effect.runId(), new Flight(effect, nowMs));
            emit(effect);
            return;
        }
        Victim victim = round.victim;
        if (((Done) next).result() == MethodPass.Result.SUCCESS) {
            log(Priority.INFO, "fence " + victim.name + " success");
            victimDone(victim.nodeId, FenceHow.AGENT, localNodeId, true);
            return;
        }
        if (victim.failedRounds < RETRIES_LOGGED) {
            log(Priority.ERR, "fence " + victim.name + " failed");
        }
        victim.failedRounds++;
        if (victim.failedRounds % STILL_RETRYING_EVERY == 0) {
            log(Priority.ERR, "fencing node " + victim.name + " still retrying");
        }
        round.overrideUntilMs = nowMs + config.daemon().overrideTimeMs();
        emit(new AwaitOverride(victim.name, config.daemon().overrideTimeMs()));
    }

    private void logRoundEntries() {
        List<Entry> entries = round.pass.log();
        for (; round.logged < entries.size(); round.logged++) {
            Entry e = entries.get(round.logged);
            boolean success = e.resultText().equals("success");
            if (!success && round.victim.failedRounds >= RETRIES_LOGGED) {
                continue;
            }
            log(success ? Priority.DEBUG : Priority.ERR, "fence " + round.victim.name + " dev " + e.methodNum() + "."
                    + e.deviceNum() + " agent " + e.agent() + " result: " + e.resultText());
        }
    }

    private void driveUnfence() {
        MethodPass.Step next = unfencePass.next();
        List<Entry> entries = unfencePass.log();
        for (; unfenceLogged < entries.size(); unfenceLogged++) {
            Entry e = entries.get(unfenceLogged);
            log(e.resultText().equals("success") ? Priority.DEBUG : Priority.ERR, "unfence " + localName + " dev "
                    + e.methodNum() + "." + e.deviceNum() + " agent " + e.agent() + " result: " + e.resultText());
        }
        if (next instanceof Run run) {
            RunAgent effect = new RunAgent(nextRunId++, Purpose.UNFENCE, localName, localNodeId, run.methodNum(),
                    run.deviceNum(), run.use().deviceName(), run.use().agent(), run.stdinLines(),
                    config.agentTimeoutMs());
            inFlight.put(effect.runId(), new Flight(effect, nowMs));
            emit(effect);
            return;
        }
        boolean ok = ((Done) next).result() == MethodPass.Result.SUCCESS;
        log(ok ? Priority.INFO : Priority.ERR, "unfence " + localName + (ok ? " success" : " failed"));
    }

    // ---------------------------------------------------------------- helpers

    private void addVictim(int nodeId) {
        if (nodeId == localNodeId || victims.containsKey(nodeId)) {
            return;
        }
        if (config.daemon().skipUndefined() && methodsOf(nodeId).isEmpty()) {
            return;
        }
        victims.put(nodeId, new Victim(nodeId, config.nameOf(nodeId)));
        log(Priority.DEBUG, "add victim " + config.nameOf(nodeId));
    }

    private void dropRejoinedVictims() {
        for (Integer id : new ArrayList<>(victims.keySet())) {
            if (members.contains(id)) {
                log(Priority.INFO, "node " + victims.get(id).name + " rejoined, not fencing it");
                victimDone(id, FenceHow.MEMBER, localNodeId, true);
            }
        }
    }

    private void victimDone(int nodeId, FenceHow how, int byNodeId, boolean broadcast) {
        Victim victim = victims.remove(nodeId);
        Check.that(victim != null, "victimDone for a node that is not a victim");
        if (round != null && round.victim.nodeId == nodeId) {
            round = null;
        }
        note(nodeId, how, byNodeId);
        emit(new VictimDone(nodeId, victim.name, how, byNodeId, nowMs, broadcast));
    }

    private void note(int nodeId, FenceHow how, int byNodeId) {
        Record r = records.computeIfAbsent(nodeId, id -> new Record());
        r.lastFenceMaster = byNodeId;
        r.how = how;
        r.lastFenceMs = nowMs;
    }

    private void abandonRound() {
        // The agent may still run; its result will find no round and go to the history only.
        round = null;
    }

    private void leaveDomain() {
        joined = false;
        members.clear();
        complete.clear();
        victims.clear();
        round = null;
        delaying = false;
        master = 0;
    }

    private void startDelay(long ms) {
        delaying = true;
        delayStartMs = nowMs;
        delayMs = ms;
    }

    private List<FenceConfig.Method> methodsOf(int nodeId) {
        return config.node(nodeId).map(NodeConfig::methods).orElse(List.of());
    }

    private void log(Priority priority, String text) {
        emit(new Log(priority, text));
    }

    private void emit(FenceEffect effect) {
        Check.that(effects.size() < EFFECTS_MAX, "effects not taken by the shell");
        effects.add(effect);
    }

    private void invariants() {
        Check.that(!victims.containsKey(localNodeId), "the local node is never its own victim");
        Check.that(round == null || victims.get(round.victim.nodeId) == round.victim, "the round's victim is a victim");
        Check.that(round == null || master == localNodeId, "only the master runs a round");
        Check.that(round == null || round.runId == 0 || inFlight.containsKey(round.runId), "round run in flight");
        Check.that(!joined || (members.contains(localNodeId) && members.contains(master)), "master is a member");
        Check.that(history.size() <= HISTORY_MAX, "history bounded");
        Check.that(joined || victims.isEmpty(), "no victims outside the domain");
        Check.that(joined || round == null, "no round outside the domain");
    }

    /** For tests and the daemon's dump: the configured name of the local node. */
    public String localName() {
        return localName;
    }

    public int localNodeId() {
        return localNodeId;
    }
}
