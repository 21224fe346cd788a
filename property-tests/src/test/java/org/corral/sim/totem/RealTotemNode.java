package org.corral.sim.totem;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.corral.sim.NodeFactory;
import org.corral.sim.SimOutput;
import org.corral.sim.SimulationFailure;
import org.corral.totem.core.CommitToken;
import org.corral.totem.core.Mcast;
import org.corral.totem.core.OrfToken;
import org.corral.totem.core.RingId;
import org.corral.totem.core.Send;
import org.corral.totem.core.TotemOutput;
import org.corral.sim.SimulatedNode;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.core.TotemMessage;
import org.corral.totem.core.TotemProcessor;
import org.corral.totem.core.TotemState;

/** The real {@link TotemProcessor} seen through the simulator's {@link SimulatedNode} shape. */
public final class RealTotemNode implements SimulatedNode {
    private final TotemProcessor processor;
    /** The highest ring seq this node has persisted: its start value, then every ringSeqToPersist. */
    private long persistedRingSeq;
    private long lastTimeMs;

    public RealTotemNode(TotemProcessor processor, long persistedRingSeq) {
        this.processor = processor;
        this.persistedRingSeq = persistedRingSeq;
    }

    public static NodeFactory factory() {
        return (config, persisted, random) -> new RealTotemNode(new TotemProcessor(config, persisted, random), persisted);
    }

    /** Whether the totem module on the class path has a working processor (not the contract stub). */
    public static boolean available() {
        try {
            TotemProcessor probe = new TotemProcessor(TotemConfig.corosyncDefaults(NodeId.of(1), 1), 0, new SplittableRandom(1));
            probe.start(0);
            probe.takeOutput();
            return true;
        } catch (UnsupportedOperationException stub) {
            return false;
        }
    }

    @Override
    public void start(long nowMs) {
        lastTimeMs = nowMs;
        processor.start(nowMs);
    }

    @Override
    public void tick(long nowMs) {
        lastTimeMs = nowMs;
        processor.tick(nowMs);
    }

    @Override
    public void receive(int ring, NodeId source, Object message) {
        processor.receive(ring, source, (TotemMessage) message);
    }

    @Override
    public SubmitResult submit(byte[] payload) {
        return processor.submit(payload);
    }

    @Override
    public void leave() {
        processor.leave();
    }

    @Override
    public SimOutput takeOutput() {
        TotemOutput output = processor.takeOutput();
        checkPersistedBeforeSent(output);
        return SimOutput.of(output);
    }

    /**
     * The output contract's first rule, checked on the packets themselves: nothing goes out on a
     * ring whose sequence this node has not persisted (in this output or earlier), so a restart
     * can never reuse it.
     */
    private void checkPersistedBeforeSent(TotemOutput output) {
        if (output.ringSeqToPersist().isPresent()) {
            persistedRingSeq = Math.max(persistedRingSeq, output.ringSeqToPersist().getAsLong());
        }
        for (Send send : output.sends()) {
            RingId ring = ringOf(send.message());
            if (ring != null && ring.seq() > persistedRingSeq) {
                throw new SimulationFailure("persist-before-send", lastTimeMs, "node " + send.message().sender() + " sent "
                        + send.message().getClass().getSimpleName() + " on ring " + ring + " with only ring seq "
                        + persistedRingSeq + " persisted (local time)");
            }
        }
    }

    private static RingId ringOf(TotemMessage message) {
        if (message instanceof OrfToken token) {
            return token.ringId();
        } else if (message instanceof CommitToken commit) {
            return commit.ringId();
        } else if (message instanceof Mcast mcast) {
            return mcast.ringId();
        }
        return null;
    }

    @Override
    public TotemState state() {
        return processor.state();
    }

    @Override
    public Optional<List<NodeId>> reportedMembers() {
        return Optional.of(processor.members());
    }

    @Override
    public Map<String, Long> counters() {
        return processor.counters();
    }
}
