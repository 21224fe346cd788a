package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TotemEvent;
import org.junit.jupiter.api.Test;

class TotemAdapterTest {
    @Test
    void onlyRegularConfigurationsAreMemberships() {
        RingId ring = new RingId(NodeId.of(1), 72);
        assertEquals(Optional.of(new QuorumEvent.Membership(72, List.of(1, 3))), TotemAdapter.membership(
                new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR, ring, List.of(NodeId.of(3), NodeId.of(1)),
                        List.of(NodeId.of(2)), List.of())));
        assertEquals(Optional.empty(), TotemAdapter.membership(new TotemEvent.ConfigurationChange(
                ConfigurationType.TRANSITIONAL, ring, List.of(NodeId.of(1)), List.of(NodeId.of(2)), List.of())));
    }
}
