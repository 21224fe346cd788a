package org.corral.tools.daemon.fence;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.corral.conf.core.ClusterConf;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.fenced.config.FenceConfigMapper;
import org.corral.fenced.core.DomainState;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceDomain;
import org.corral.fenced.core.FenceEffect;
import org.corral.fenced.core.FenceEvent;
import org.corral.fenced.exec.AgentLocator;
import org.corral.fenced.exec.AgentResult;
import org.corral.fenced.exec.AgentRunner;
import org.corral.tools.daemon.DaemonConfig;
import org.corral.tools.daemon.DaemonEngine;
import org.corral.tools.daemon.quorum.QuorumPlugin;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fenced inside corrald: the {@link FenceDomain} core, its process group kept in totem's agreed
 * order (join / leave / victim-done messages of {@link FenceMessages}, failures from totem's
 * configuration changes: a domain member missing from a new ring without having left is a
 * victim), quorum from {@link QuorumPlugin}, agents on {@link AgentRunner}'s threads (never the
 * loop), time as a tick posted every {@link #TICK_MS}, and the override FIFO read by a thread of
 * its own ({@link OverrideFifo}). Every node sees the same joins, leaves and failures in the same
 * order, which is what fenced's CPG gave it.
 */
public final class FencePlugin implements DaemonEngine {
    public static final int TAG = 3;
    static final long TICK_MS = 200;
    static final int DUMP_LINES_MAX = 2000;
    private static final Logger FENCED = LoggerFactory.getLogger("FENCED");

    private final DaemonConfig daemonConfig;
    private final QuorumPlugin quorum;
    private final int self;
    private final FenceConfig fenceConfig;
    private final FenceDomain domain;
    private final TreeSet<Integer> domainMembers = new TreeSet<>();
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final ArrayDeque<String> dump = new ArrayDeque<>();
    private final TreeMap<Integer, FenceEffect.VictimDone> done = new TreeMap<>();
    private final long startNanos = System.nanoTime();
    private Context context;
    private AgentRunner runner;
    private OverrideFifo fifo;
    private boolean quorate;
    private boolean joinRequested;
    /** cman's latest verdict; {@link #quorate} is what the core was told. */
    private boolean cmanQuorate;
    /** Ring members whose S or P for the current ring has not arrived yet. */
    private final TreeSet<Integer> pendingSync = new TreeSet<>();

    /**
     * What the layers above (dlm, rgmanager as engines of corrald) hear, on the loop: a victim is
     * done. Only {@code done.fenced()} (agent, override, external) allows recovery of its locks and
     * services; how MEMBER means it came back before anything was run.
     */
    public interface VictimListener {
        void victimDone(FenceEffect.VictimDone done);
    }

    private final java.util.List<VictimListener> victimListeners = new java.util.ArrayList<>();

    public void addVictimListener(VictimListener listener) {
        victimListeners.add(listener);
    }

    /** The victims currently waiting to be fenced (node ids): recovery for them must wait. */
    public java.util.List<Integer> pendingVictims() {
        return domain.state().victims();
    }

    public FencePlugin(DaemonConfig daemonConfig, QuorumPlugin quorum) {
        this.daemonConfig = daemonConfig;
        this.quorum = quorum;
        this.self = daemonConfig.net().self().value();
        LoadResult loaded = ClusterConfLoader.load(daemonConfig.confFile());
        ClusterConf conf = loaded.model().orElseThrow(() -> new IllegalArgumentException(
                "fenced: cannot read " + daemonConfig.confFile()));
        this.fenceConfig = FenceConfigMapper.map(conf, daemonConfig.effective());
        this.domain = new FenceDomain(fenceConfig, self);
        quorum.addListener((nowQuorate, members) -> {
            cmanQuorate = nowQuorate;
            passQuorum();
        });
    }

    @Override
    public int totemTag() {
        return TAG;
    }

    @Override
    public void start(Context context) {
        this.context = context;
        runner = new AgentRunner(AgentLocator.standard(daemonConfig.root().toString(),
                System.getProperty("corral.home"), System.getenv("PATH")));
        log(FenceEffect.Priority.INFO, "fenced 3.0.12.1 started");
        context.register(new FenceService(this));
        fifo = new OverrideFifo(overridePath(), name -> context.post(() -> feed(new FenceEvent.OverrideAck(name))),
                FENCED);
        fifo.start();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fenced-tick");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> context.post(this::tick), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    Path overridePath() {
        String configured = fenceConfigOverridePath();
        String relative = configured.startsWith("/") ? configured.substring(1) : configured;
        return daemonConfig.root().resolve(relative);
    }

    private String fenceConfigOverridePath() {
        String path = daemonConfig.effective().fenceDaemon().overridePath();
        return path == null || path.isEmpty() ? "/var/run/cluster/fenced_override" : path;
    }

    private long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void tick() {
        domain.tick(nowMs());
        carryOut();
    }

    private void feed(FenceEvent event) {
        domain.tick(nowMs());
        domain.handle(event);
        carryOut();
    }

    @Override
    public void onConfiguration(TotemEvent.ConfigurationChange change) {
        if (change.type() != ConfigurationType.REGULAR) {
            return;
        }
        TreeSet<Integer> ring = new TreeSet<>();
        change.members().forEach(id -> ring.add(id.value()));
        TreeSet<Integer> failed = new TreeSet<>();
        for (int member : domainMembers) {
            if (!ring.contains(member)) {
                failed.add(member);
            }
        }
        // The sync barrier: quorum regained in this ring reaches the core only after every node of
        // the ring said whether it is a domain member, so a node back from a partition never starts
        // fencing members it merely has not heard from yet.
        pendingSync.clear();
        pendingSync.addAll(ring);
        outbox.add(domainMembers.contains(self) ? FenceMessages.member(self) : FenceMessages.present(self));
        if (failed.isEmpty()) {
            return;
        }
        domainMembers.removeAll(failed);
        for (int id : failed) {
            log(FenceEffect.Priority.INFO, "domain member " + fenceConfig.nameOf(id) + " failed");
        }
        feed(new FenceEvent.MembershipChanged(domainMembers, new TreeSet<>(), new TreeSet<>(), failed, cluster()));
    }

    private TreeSet<Integer> cluster() {
        return new TreeSet<>(quorum.memberIds());
    }

    @Override
    public void onDelivered(NodeId origin, byte[] payload) {
        Optional<FenceMessages.Message> decoded = FenceMessages.decode(payload);
        if (decoded.isEmpty()) {
            log(FenceEffect.Priority.WARNING, "ignored a malformed domain message from node " + origin.value());
            return;
        }
        FenceMessages.Message message = decoded.get();
        if (message instanceof FenceMessages.Join join && join.nodeId() == origin.value()) {
            if (domainMembers.add(join.nodeId())) {
                TreeSet<Integer> joined = new TreeSet<>();
                joined.add(join.nodeId());
                feed(new FenceEvent.MembershipChanged(domainMembers, joined, new TreeSet<>(), new TreeSet<>(),
                        cluster()));
            }
        } else if (message instanceof FenceMessages.Present present && present.nodeId() == origin.value()) {
            synced(present.nodeId());
        } else if (message instanceof FenceMessages.Member member && member.nodeId() == origin.value()) {
            if (domainMembers.add(member.nodeId())) {
                // A member we missed (we are new in the ring): it was there before us, so not "joined".
                feed(new FenceEvent.MembershipChanged(domainMembers, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(),
                        cluster()));
            }
            synced(member.nodeId());
        } else if (message instanceof FenceMessages.Leave leave && leave.nodeId() == origin.value()) {
            if (domainMembers.remove(leave.nodeId())) {
                TreeSet<Integer> left = new TreeSet<>();
                left.add(leave.nodeId());
                feed(new FenceEvent.MembershipChanged(domainMembers, new TreeSet<>(), left, new TreeSet<>(),
                        cluster()));
            }
        } else if (message instanceof FenceMessages.Done victimDone && origin.value() != self) {
            feed(new FenceEvent.PeerFenced(victimDone.victim(), victimDone.how(), victimDone.by()));
        }
    }

    private void synced(int nodeId) {
        if (pendingSync.remove(nodeId) && pendingSync.isEmpty()) {
            passQuorum();
        }
    }

    /** Losing quorum reaches the core at once; regaining it waits for the ring's sync. */
    private void passQuorum() {
        if (cmanQuorate == quorate) {
            return;
        }
        if (cmanQuorate && !pendingSync.isEmpty()) {
            return;
        }
        quorate = cmanQuorate;
        feed(new FenceEvent.QuorumChanged(quorate));
    }

    @Override
    public void afterEvents() {
        if (context == null) {
            return; // the loop may run its after-work before this engine started
        }
        while (!outbox.isEmpty()) {
            if (context.submit(outbox.peekFirst()) == SubmitResult.TRY_AGAIN) {
                return;
            }
            outbox.pollFirst();
        }
    }

    /** Carries out the core's effects in order (its contract, point 2). */
    private void carryOut() {
        for (FenceEffect effect : domain.takeEffects()) {
            if (effect instanceof FenceEffect.Log log) {
                log(log.priority(), log.text());
            } else if (effect instanceof FenceEffect.RunAgent run) {
                runner.submit(run, result -> context.post(() -> finished(result)));
            } else if (effect instanceof FenceEffect.VictimDone victim) {
                done.put(victim.nodeId(), victim);
                if (victim.broadcast()) {
                    outbox.add(FenceMessages.done(victim.nodeId(), victim.how(), victim.byNodeId()));
                }
                log(FenceEffect.Priority.INFO, "victim " + victim.name() + " done: " + victim.how().text()
                        + " (by node " + victim.byNodeId() + ")" + (victim.fenced() ? ", recovery may proceed" : ""));
                for (VictimListener listener : victimListeners) {
                    listener.victimDone(victim);
                }
            } else if (effect instanceof FenceEffect.AwaitOverride await) {
                log(FenceEffect.Priority.DEBUG, "waiting " + await.timeoutMs() + " ms for an override of "
                        + await.victim() + " on " + overridePath());
            }
        }
    }

    private void finished(AgentResult result) {
        for (String line : result.output()) {
            log(FenceEffect.Priority.DEBUG, "agent output: " + line);
        }
        if (!result.detail().isEmpty()) {
            log(FenceEffect.Priority.DEBUG, "agent run " + result.runId() + ": " + result.detail());
        }
        feed(result.event());
    }

    private void log(FenceEffect.Priority priority, String text) {
        switch (priority) {
            case ERR -> FENCED.error(text);
            case WARNING -> FENCED.warn(text);
            case INFO -> FENCED.info(text);
            case DEBUG -> FENCED.debug(text);
        }
        if (dump.size() == DUMP_LINES_MAX) {
            dump.removeFirst();
        }
        dump.addLast(System.currentTimeMillis() / 1000 + " " + text);
    }

    // ---- for the fence service (loop thread) ----

    void requestJoin() {
        if (!joinRequested) {
            quorum.addSubsystem();
        }
        joinRequested = true;
        outbox.add(FenceMessages.join(self));
    }

    void requestLeave() {
        joinRequested = false;
        outbox.add(FenceMessages.leave(self));
    }

    boolean joined() {
        return domainMembers.contains(self);
    }

    DomainState state() {
        return withSyncWait(domain.state(), joined() && !pendingSync.isEmpty());
    }

    /**
     * fenced's "wait state messages": after a configuration change it waited for every member's
     * start message before it looked at quorum or victims. Here the sync barrier is that wait, so
     * while it is open {@code fence_tool ls} says {@code messages}, whatever the core would say.
     */
    static DomainState withSyncWait(DomainState state, boolean syncPending) {
        if (!syncPending) {
            return state;
        }
        return new DomainState(state.joined(), state.members(), state.victimCount(), state.victimNow(),
                state.masterNodeId(), "messages", state.victims(), state.nodes(), state.history());
    }

    List<String> dumpLines() {
        return List.copyOf(dump);
    }

    Map<Integer, FenceEffect.VictimDone> victimsDone() {
        return done;
    }

    FenceConfig fenceConfig() {
        return fenceConfig;
    }

    long startNanos() {
        return startNanos;
    }
}
