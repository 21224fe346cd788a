package org.corral.sim.quorum;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.corral.quorum.core.NodeState;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumEngine;
import org.corral.quorum.core.QuorumEvent;
import org.corral.quorum.core.QuorumView;
import org.corral.quorum.core.TotemAdapter;
import org.corral.sim.NodeFactory;
import org.corral.sim.SimOutput;
import org.corral.sim.SimulatedNode;
import org.corral.sim.totem.RealTotemNode;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemProcessor;
import org.corral.totem.core.TotemState;

/**
 * One simulated corrald: the real totem processor with cman's {@link QuorumEngine} on top, fed the
 * way corrald's QuorumPlugin feeds it. A regular configuration goes through {@link TotemAdapter}
 * (the plugin's own adapter) and is followed by this node's NODEINFO announcement, submitted
 * through totem; announcements are applied when totem delivers them, in agreed order; time reaches
 * the engine as a Tick at most once a second of the node's own clock, as the plugin's ticker does.
 *
 * <p>Quorum announcements are consumed here and never reach the simulator's EVS checker, which
 * only knows the payloads the simulator itself submitted.
 */
final class QuorumNode implements SimulatedNode {
    /** corrald posts a Tick every second. */
    static final long TICK_MS = 1000;
    /** Outbox bound, as the plugin's (it throws beyond this). */
    static final int OUTBOX_MAX = 1024;
    /** Rounds of submit-then-collect within one call (a one-node ring delivers inside submit). */
    private static final int ROUNDS_MAX = 8;
    private static final int MAGIC = 0x43514e49; // "CQNI"

    private final SimulatedNode totem;
    private final QuorumEngine engine;
    private final QuorumConfig config;
    private final int self;
    private final Predicate<QuorumView> decision;
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private List<Integer> ringMembers = List.of();
    private long lastTickMs = Long.MIN_VALUE;
    /** Counts engine inputs, so the per-event check can skip nodes whose state cannot have changed. */
    private long changes;
    private long cachedAt = -1;
    private boolean cachedQuorate;
    private QuorumView cachedView;

    QuorumNode(SimulatedNode totem, QuorumConfig config, int self, Predicate<QuorumView> decision) {
        this.totem = totem;
        this.config = config;
        this.self = self;
        this.decision = decision;
        this.engine = new QuorumEngine(config, self);
    }

    /** A node factory: every start (first or after a crash) is a fresh corrald with a fresh engine. */
    static NodeFactory factory(QuorumConfig config, Predicate<QuorumView> decision) {
        return (totemConfig, persisted, random) -> new QuorumNode(
                new RealTotemNode(new TotemProcessor(totemConfig, persisted, random)), config,
                totemConfig.self().value(), decision);
    }

    /** The decision under test: the engine's own quorate flag, or a deliberately broken stand-in. */
    boolean quorate() {
        refresh();
        return cachedQuorate;
    }

    QuorumView view() {
        refresh();
        return cachedView;
    }

    /** Grows whenever the engine was fed something (its view may differ from before). */
    long changes() {
        return changes;
    }

    private void refresh() {
        if (cachedAt != changes) {
            cachedView = engine.view();
            cachedQuorate = decision.test(cachedView);
            cachedAt = changes;
        }
    }

    private void feed(QuorumEvent event) {
        changes++;
        engine.apply(event);
    }

    /** The members of the last regular configuration totem delivered to this node. */
    List<Integer> ringMembers() {
        return ringMembers;
    }

    @Override
    public void start(long nowMs) {
        totem.start(nowMs);
        tickEngine(nowMs);
    }

    @Override
    public void tick(long nowMs) {
        totem.tick(nowMs);
        tickEngine(nowMs);
    }

    private void tickEngine(long nowMs) {
        if (lastTickMs == Long.MIN_VALUE || nowMs - lastTickMs >= TICK_MS) {
            lastTickMs = nowMs;
            feed(new QuorumEvent.Tick(nowMs));
        }
    }

    @Override
    public void receive(int ring, NodeId source, Object message) {
        totem.receive(ring, source, message);
    }

    @Override
    public SubmitResult submit(byte[] payload) {
        return totem.submit(payload);
    }

    @Override
    public void leave() {
        totem.leave();
    }

    @Override
    public SimOutput takeOutput() {
        long persist = -1;
        List<SimOutput.Packet> sends = new ArrayList<>();
        List<TotemEvent> passed = new ArrayList<>();
        for (int round = 0; round < ROUNDS_MAX; round++) {
            SimOutput output = totem.takeOutput();
            if (output.ringSeqToPersist().isPresent()) {
                persist = Math.max(persist, output.ringSeqToPersist().getAsLong());
            }
            sends.addAll(output.sends());
            for (TotemEvent event : output.events()) {
                if (event instanceof TotemEvent.Delivered delivered && isAnnouncement(delivered.payload())) {
                    onAnnouncement(delivered);
                    continue;
                }
                if (event instanceof TotemEvent.ConfigurationChange change) {
                    onConfiguration(change);
                }
                passed.add(event);
            }
            if (!flushOutbox()) {
                break;
            }
        }
        return new SimOutput(persist < 0 ? OptionalLong.empty() : OptionalLong.of(persist), sends, passed);
    }

    /** As QuorumPlugin.onConfiguration: the membership through TotemAdapter, then announce ourselves. */
    private void onConfiguration(TotemEvent.ConfigurationChange change) {
        if (change.type() != ConfigurationType.REGULAR) {
            return;
        }
        ringMembers = change.members().stream().map(NodeId::value).sorted().toList();
        changes++; // the ring itself is part of what the check reads
        TotemAdapter.membership(change).ifPresent(this::feed);
        QuorumView.Node own = view().nodes().stream().filter(n -> n.nodeId() == self).findFirst().orElse(null);
        boolean counted = own != null && own.state() == NodeState.MEMBER;
        int votes = counted ? own.votes() : config.votesOf(self);
        int expected = counted ? own.expectedVotes() : config.expectedVotes();
        if (outbox.size() >= OUTBOX_MAX) {
            throw new IllegalStateException("quorum outbox full at node " + self);
        }
        outbox.addLast(encode(new QuorumEvent.NodeInfo(self, config.clusterName(), config.clusterId(),
                config.configVersion(), votes, expected)));
    }

    private void onAnnouncement(TotemEvent.Delivered delivered) {
        QuorumEvent.NodeInfo info = decode(delivered.payload());
        if (info.nodeId() != delivered.origin().value()) {
            throw new IllegalStateException("node " + delivered.origin() + " announced itself as " + info.nodeId());
        }
        feed(info);
    }

    /** Submits what totem takes now; true when something was submitted (its output must be collected). */
    private boolean flushOutbox() {
        boolean submitted = false;
        while (!outbox.isEmpty()) {
            if (totem.submit(outbox.peekFirst()) != SubmitResult.ACCEPTED) {
                break;
            }
            outbox.pollFirst();
            submitted = true;
        }
        return submitted;
    }

    static byte[] encode(QuorumEvent.NodeInfo info) {
        byte[] name = info.clusterName().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(24 + name.length).putInt(MAGIC).putInt(info.nodeId()).putInt(info.clusterId())
                .putInt(info.configVersion()).putInt(info.votes()).putInt(info.expectedVotes()).put(name).array();
    }

    static boolean isAnnouncement(byte[] payload) {
        return payload.length >= 24 && ByteBuffer.wrap(payload).getInt() == MAGIC;
    }

    static QuorumEvent.NodeInfo decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        in.getInt();
        int nodeId = in.getInt();
        int clusterId = in.getInt();
        int version = in.getInt();
        int votes = in.getInt();
        int expected = in.getInt();
        String name = new String(payload, 24, payload.length - 24, StandardCharsets.UTF_8);
        return new QuorumEvent.NodeInfo(nodeId, name, clusterId, version, votes, expected);
    }

    @Override
    public TotemState state() {
        return totem.state();
    }

    @Override
    public Optional<List<NodeId>> reportedMembers() {
        return totem.reportedMembers();
    }

    @Override
    public Map<String, Long> counters() {
        return totem.counters();
    }
}
