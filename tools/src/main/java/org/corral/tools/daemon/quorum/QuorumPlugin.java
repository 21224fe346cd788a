package org.corral.tools.daemon.quorum;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.corral.conf.core.EffectiveConfig;
import org.corral.quorum.core.AutoTieBreaker;
import org.corral.quorum.core.NodeState;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumEffect;
import org.corral.quorum.core.QuorumEngine;
import org.corral.quorum.core.QuorumEvent;
import org.corral.quorum.core.QuorumView;
import org.corral.quorum.core.TotemAdapter;
import org.corral.quorum.core.TwoNodeCheck;
import org.corral.quorum.core.VotequorumOptions;
import org.corral.tools.daemon.DaemonConfig;
import org.corral.tools.daemon.DaemonEngine;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cman's quorum inside corrald: the {@link QuorumEngine} fed by totem's configuration changes and
 * by the NODEINFO / expected / votes / leave / kill messages of {@link QuorumMessages}, all in
 * totem's agreed order, so every member computes the same quorum. Time reaches the engine only as
 * a Tick posted onto the loop once a second. Other engines (fenced) listen to quorate changes
 * through {@link Listener}; the socket namespace is {@link QuorumService}.
 *
 * <p>A node whose announcement conflicts with ours (config version, cluster name, cluster id) is
 * refused with cman's message; only a quorate member sends the kill, so the established cluster
 * survives and the newcomer is the one that exits.
 */
public final class QuorumPlugin implements DaemonEngine {
    public static final int TAG = 2;
    static final long TICK_MS = 1000;
    private static final Logger CMAN = LoggerFactory.getLogger("CMAN");

    /** What another engine learns from quorum, on the loop. */
    public interface Listener {
        void quorumChanged(boolean quorate, List<Integer> members);
    }

    private final DaemonConfig daemonConfig;
    private final QuorumEngine engine;
    private final int self;
    private final IntConsumer exit;
    private final List<Listener> listeners = new ArrayList<>();
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final TreeMap<Integer, Long> joinedEpoch = new TreeMap<>();
    private final TreeMap<Integer, Integer> incarnation = new TreeMap<>();
    private final TreeSet<Integer> killSent = new TreeSet<>();
    private ScheduledExecutorService ticker;
    private Context context;
    private RingId ring;
    private List<Integer> ringMembers = List.of();
    private boolean leaving;
    private List<Integer> lastMembers = List.of();

    /**
     * @param exit how the daemon stops when it is killed, refused or leaves (the main: System.exit
     *             on a thread of its own, so the shutdown hook can leave the ring cleanly)
     */
    public QuorumPlugin(DaemonConfig daemonConfig, Map<String, String> env, IntConsumer exit) {
        this.daemonConfig = daemonConfig;
        this.self = daemonConfig.net().self().value();
        this.exit = exit;
        QuorumConfig config = quorumConfig(daemonConfig.effective(), env);
        EffectiveConfig effective = daemonConfig.effective();
        int voteSum = 0;
        for (EffectiveConfig.Node node : effective.nodes()) {
            voteSum += (int) node.votes();
        }
        if (TwoNodeCheck.check(config.twoNode(), effective.nodes().size(), voteSum, config.votesOf(self))
                instanceof TwoNodeCheck.Decision.Refused refused) {
            CMAN.error(refused.syslog());
            throw new IllegalArgumentException(refused.pipe());
        }
        this.engine = new QuorumEngine(config, self);
        org.corral.conf.io.LoadResult loaded = org.corral.conf.io.ClusterConfLoader.load(daemonConfig.confFile());
        this.qdisk = loaded.model().isEmpty() ? Optional.empty()
                : QdiskThread.create(loaded.model().get(), effective, daemonConfig.root(), self, this);
    }

    private final Optional<QdiskThread> qdisk;

    /** Runs a task on the loop (for the qdisk thread). */
    void post(Runnable task) {
        if (context != null) {
            context.post(task);
        }
    }

    void exit(int code) {
        exit.accept(code);
    }

    /** cman's sources: cluster.conf, then CMAN_EXPECTEDVOTES / CMAN_VOTES from cman_tool join. */
    static QuorumConfig quorumConfig(EffectiveConfig effective, Map<String, String> env) {
        TreeMap<Integer, Integer> votes = new TreeMap<>();
        for (EffectiveConfig.Node node : effective.nodes()) {
            votes.put((int) node.nodeId().orElse(0), (int) node.votes());
        }
        String selfName = effective.localNode().map(EffectiveConfig.Node::name).orElse("");
        String votesEnv = env.get("CMAN_VOTES");
        if (votesEnv != null && !votesEnv.isEmpty()) {
            effective.nodes().stream().filter(n -> n.name().equals(selfName)).findFirst()
                    .ifPresent(n -> votes.put((int) n.nodeId().orElse(0), parse(votesEnv, "CMAN_VOTES")));
        }
        QuorumConfig config = new QuorumConfig(effective.clusterName(), effective.clusterId(),
                (int) effective.configVersion(), votes, OptionalInt.empty(),
                OptionalInt.of((int) effective.expectedVotes()), effective.twoNode(),
                Math.max(1, effective.quorumDevPollMs()), votequorumOptions(effective.votequorum()));
        String expectedEnv = env.get("CMAN_EXPECTEDVOTES");
        if (expectedEnv != null && !expectedEnv.isEmpty()) {
            config = config.withCommandLineExpected(parse(expectedEnv, "CMAN_EXPECTEDVOTES"));
        }
        return config;
    }

    /** The Corral extensions on {@code <cman>}, validated by cluster-conf, as the engine's options. */
    static VotequorumOptions votequorumOptions(EffectiveConfig.Votequorum votequorum) {
        return new VotequorumOptions(votequorum.waitForAll(), votequorum.lastManStanding(),
                votequorum.lastManStandingWindowMs(), votequorum.autoTieBreaker(),
                AutoTieBreaker.parseMode(votequorum.autoTieBreakerNode()));
    }

    private static int parse(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + "='" + text + "' is not a number");
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public int totemTag() {
        return TAG;
    }

    @Override
    public void start(Context context) {
        this.context = context;
        CMAN.info("CMAN 3.0.12.1 (built by corral) started");
        context.register(new QuorumService(this));
        context.runtimeKeys(this::runtimeKeys);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "quorum-tick");
            thread.setDaemon(true);
            return thread;
        });
        qdisk.ifPresent(q -> {
            addListener((quorate, members) -> q.members(members));
            q.start();
        });
        ticker.scheduleAtFixedRate(() -> context.post(() -> apply(new QuorumEvent.Tick(System.currentTimeMillis()))),
                TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onConfiguration(TotemEvent.ConfigurationChange change) {
        if (change.type() != ConfigurationType.REGULAR) {
            return;
        }
        ring = change.ring();
        ringMembers = change.members().stream().map(NodeId::value).sorted().toList();
        long now = System.currentTimeMillis() / 1000;
        for (NodeId joined : change.joined()) {
            joinedEpoch.put(joined.value(), now);
            incarnation.merge(joined.value(), 1, Integer::sum);
        }
        joinedEpoch.putIfAbsent(self, now);
        incarnation.putIfAbsent(self, 1);
        killSent.retainAll(ringMembers);
        TotemAdapter.membership(change).ifPresent(this::apply);
        QuorumConfig config = engine.config();
        QuorumView.Node own = engine.view().nodes().stream().filter(n -> n.nodeId() == self).findFirst().orElse(null);
        // A member re-announces what it counts now (votes -v, expected lowered by leave remove),
        // as cman's NODEINFO carried its current values; a newcomer announces its configuration.
        boolean counted = own != null && own.state() == NodeState.MEMBER;
        int votes = counted ? own.votes() : config.votesOf(self);
        int expected = counted ? own.expectedVotes() : config.expectedVotes();
        send(QuorumMessages.nodeInfo(new QuorumEvent.NodeInfo(self, config.clusterName(), config.clusterId(),
                config.configVersion(), votes, expected)));
    }

    @Override
    public void onDelivered(NodeId origin, byte[] payload) {
        Optional<Object> message = QuorumMessages.decode(payload);
        if (message.isEmpty()) {
            CMAN.warn("ignored a malformed quorum message from node {}", origin.value());
            return;
        }
        if (message.get() instanceof QuorumMessages.Kill kill) {
            if (kill.target() == self) {
                CMAN.error("cman killed by node {} because we were killed by cman_tool or other application",
                        kill.by());
                exit.accept(1);
            }
            return;
        }
        if (message.get() instanceof QuorumMessages.ReloadTo reload) {
            reload(reload.version());
            return;
        }
        QuorumEvent event = (QuorumEvent) message.get();
        if (event instanceof QuorumEvent.NodeInfo info && info.nodeId() != origin.value()) {
            CMAN.warn("node {} announced itself as node {}: ignored", origin.value(), info.nodeId());
            return;
        }
        if (event instanceof QuorumEvent.Leave leave && leave.nodeId() != self) {
            CMAN.info("Node {} is leaving the cluster{}", leave.nodeId(), leave.remove() ? " (remove)" : "");
        }
        apply(event);
        if (event instanceof QuorumEvent.Leave leave && leave.nodeId() == self && leaving) {
            CMAN.info("leaving the cluster{}", leave.remove() ? " (remove)" : "");
            exit.accept(0);
        }
    }

    @Override
    public void afterEvents() {
        if (context == null) {
            return; // the loop may run its after-work before this engine started
        }
        while (!outbox.isEmpty()) {
            SubmitResult result = context.submit(outbox.peekFirst());
            if (result == SubmitResult.TRY_AGAIN) {
                return;
            }
            outbox.pollFirst();
        }
    }

    /** The version of this node's own cluster.conf now, with its quorum config; a one-line reason if unreadable. */
    java.util.Map.Entry<Integer, Object> readLocalConfig() {
        org.corral.conf.io.LoadResult result = org.corral.conf.io.ClusterConfLoader.load(daemonConfig.confFile());
        if (result.failure().isPresent()) {
            return java.util.Map.entry(-1, result.failure().get().message());
        }
        if (!result.valid()) {
            return java.util.Map.entry(-1, "configuration is not valid: " + result.errors().get(0));
        }
        Optional<EffectiveConfig> effective;
        try {
            // cman_tool join's -c -m -p -N -k -e -v outlive a reload, as they outlive nothing else.
            effective = result.effective(Optional.of(daemonConfig.nodeName())).map(daemonConfig.overrides()::applyTo);
        } catch (IllegalArgumentException e) {
            return java.util.Map.entry(-1, e.getMessage());
        }
        if (effective.isEmpty()) {
            return java.util.Map.entry(-1, "Cannot find node name in cluster.conf");
        }
        try {
            QuorumConfig next = quorumConfig(effective.get(), System.getenv());
            return java.util.Map.entry(next.configVersion(), next);
        } catch (IllegalArgumentException e) {
            return java.util.Map.entry(-1, e.getMessage());
        }
    }

    private void reload(int version) {
        var local = readLocalConfig();
        if (local.getKey() != version || !(local.getValue() instanceof QuorumConfig next)) {
            CMAN.error("Can't get updated config version {}: {}.", version, local.getKey() < 0 ? local.getValue()
                    : "found version " + local.getKey());
            CMAN.error("Continuing activity with old configuration");
            return;
        }
        apply(new QuorumEvent.Reload(next));
    }

    void send(byte[] payload) {
        if (outbox.size() >= 1024) {
            throw new IllegalStateException("quorum outbox full");
        }
        outbox.addLast(payload);
    }

    /** Applies one event and carries out its effects in order (the engine's contract, point 3). */
    void apply(QuorumEvent event) {
        boolean before = engine.quorate();
        for (QuorumEffect effect : engine.apply(event)) {
            if (effect instanceof QuorumEffect.Log log) {
                switch (log.level()) {
                    case DEBUG -> CMAN.debug(log.text());
                    case INFO, NOTICE -> CMAN.info(log.text());
                    case WARNING -> CMAN.warn(log.text());
                    case ERROR -> CMAN.error(log.text());
                }
            } else if (effect instanceof QuorumEffect.RefuseNode refuse) {
                if (engine.quorate() && killSent.add(refuse.nodeId())) {
                    send(QuorumMessages.kill(refuse.nodeId(), self));
                }
            }
        }
        List<Integer> members = memberIds();
        if (before != engine.quorate() || !members.equals(lastMembers)) {
            lastMembers = members;
            for (Listener listener : listeners) {
                listener.quorumChanged(engine.quorate(), members);
            }
        }
    }

    /** Node ids cman counts as members now. */
    public List<Integer> memberIds() {
        List<Integer> ids = new ArrayList<>();
        for (QuorumView.Node node : engine.view().nodes()) {
            if (node.state() == NodeState.MEMBER) {
                ids.add(node.nodeId());
            }
        }
        return ids;
    }

    public boolean quorate() {
        return engine.quorate();
    }

    void requestLeave(boolean remove) {
        leaving = true;
        send(QuorumMessages.leave(self, remove));
    }

    private Map<String, String> runtimeKeys() {
        Map<String, String> keys = new TreeMap<>();
        QuorumView view = engine.view();
        keys.put("runtime.votequorum.quorate", view.quorate() ? "1" : "0");
        keys.put("runtime.votequorum.quorum", Integer.toString(view.quorum()));
        keys.put("runtime.votequorum.total_votes", Integer.toString(view.totalVotes()));
        keys.put("runtime.votequorum.expected_votes", Integer.toString(view.expectedVotes()));
        return keys;
    }

    QuorumEngine engine() {
        return engine;
    }

    DaemonConfig daemonConfig() {
        return daemonConfig;
    }

    int self() {
        return self;
    }

    Optional<RingId> ring() {
        return Optional.ofNullable(ring);
    }

    List<Integer> ringMembers() {
        return ringMembers;
    }

    Map<Integer, Long> joinedEpoch() {
        return joinedEpoch;
    }

    Map<Integer, Integer> incarnation() {
        return incarnation;
    }

    /** Extra active subsystems (fenced...) counted in cman_tool status. */
    private int extraSubsystems;

    public void addSubsystem() {
        extraSubsystems++;
    }

    int activeSubsystems() {
        // corosync, cman, cpg, cmap, cfg, quorum: cman counted its own services the same way.
        return 6 + extraSubsystems;
    }
}
