package org.corral.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemState;

/**
 * The shape of one node's totem processor as the simulator drives it: the public surface of
 * {@code TotemProcessor}, as an interface so that test doubles (the fake sequencer and its
 * deliberately broken variants) run in the same simulated world as the real processor.
 */
public interface SimulatedNode {
    void start(long nowMs);

    void tick(long nowMs);

    /** A packet from {@code source}: whatever object that node's processor sent. */
    void receive(int ring, NodeId source, Object message);

    SubmitResult submit(byte[] payload);

    void leave();

    SimOutput takeOutput();

    TotemState state();

    Map<String, Long> counters();

    /** The members of the processor's last installed regular configuration, as it reports them (if it does). */
    default Optional<List<NodeId>> reportedMembers() {
        return Optional.empty();
    }
}
