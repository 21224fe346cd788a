package org.corral.sim.totem;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.corral.sim.NodeFactory;
import org.corral.sim.SimOutput;
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

    public RealTotemNode(TotemProcessor processor) {
        this.processor = processor;
    }

    public static NodeFactory factory() {
        return (config, persisted, random) -> new RealTotemNode(new TotemProcessor(config, persisted, random));
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
        processor.start(nowMs);
    }

    @Override
    public void tick(long nowMs) {
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
        return SimOutput.of(processor.takeOutput());
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
