package org.corral.tools.daemon.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.corral.fenced.core.DomainState;
import org.junit.jupiter.api.Test;

/** fence_tool ls's wait state while the domain's sync barrier is open. */
class SyncWaitStateTest {
    private static DomainState state(String wait) {
        return new DomainState(true, List.of(1, 2), 1, 0, 1, wait, List.of(2), List.of(), List.of());
    }

    @Test
    void anOpenBarrierShowsMessages() {
        for (String wait : List.of("none", "quorum", "fencing")) {
            DomainState shown = FencePlugin.withSyncWait(state(wait), true);
            assertEquals("messages", shown.waitState());
            assertTrue(shown.lsText(false).contains("wait state    messages\n"), shown.lsText(false));
            assertEquals(state(wait).members(), shown.members());
            assertEquals(1, shown.victimCount());
        }
    }

    @Test
    void aClosedBarrierLeavesTheCoresWord() {
        DomainState core = state("quorum");
        assertSame(core, FencePlugin.withSyncWait(core, false));
    }
}
