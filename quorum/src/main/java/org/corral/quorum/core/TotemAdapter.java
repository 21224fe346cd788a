package org.corral.quorum.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemEvent;

/**
 * From totem's committed contract to the quorum engine's events: only a REGULAR configuration
 * is a new membership for quorum (a TRANSITIONAL one only lists who came along from the old ring);
 * the ring's sequence is cman's "Cluster Generation".
 */
public final class TotemAdapter {
    private TotemAdapter() {}

    public static Optional<QuorumEvent.Membership> membership(TotemEvent.ConfigurationChange change) {
        if (change.type() != ConfigurationType.REGULAR) {
            return Optional.empty();
        }
        List<Integer> members = new ArrayList<>();
        for (NodeId id : change.members()) {
            members.add(id.value());
        }
        members.sort(null);
        return Optional.of(new QuorumEvent.Membership(change.ring().seq(), members));
    }
}
