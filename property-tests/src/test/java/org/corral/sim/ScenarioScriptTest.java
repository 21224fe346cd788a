package org.corral.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.corral.totem.core.NodeId;
import org.junit.jupiter.api.Test;

/** The script format and runner, over the fake processor (no dependency on the real one). */
class ScenarioScriptTest {
    private static final String SCRIPT = """
            # Proves the runner: a crash of node 3 leaves a ring of 1 and 2.
            nodes 3
            token 300
            seed 5
            delay 2 2
            at 0 start all
            at 500 submit 1 3
            at 1000 crash 3
            at 2000 check
            settle
            ----
            """;

    @Test
    void runsAndRewritesAndReplays() {
        ScenarioScript script = ScenarioScript.parse(SCRIPT);
        List<String> trace = script.run(FakeTotem.factory(FakeTotem.Fault.NONE, NodeId.of(1)));
        assertTrue(trace.contains("@1000 crash 3"), trace.toString());
        assertTrue(trace.contains("  n1 RUNNING OPERATIONAL members=[1, 2]"), trace.toString());
        assertTrue(trace.contains("  n3 DOWN"), trace.toString());
        ScenarioScript again = ScenarioScript.parse(script.rewritten(trace));
        assertEquals(trace, again.expected());
        assertEquals(trace, again.run(FakeTotem.factory(FakeTotem.Fault.NONE, NodeId.of(1))));
    }

    @Test
    void refusesBadScripts() {
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse("nodes 3\n"));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse("# x\nbogus 1\n"));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse("# x\nat 0 start all\n"));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse("# x\nnodes three\n"));
        assertThrows(IllegalArgumentException.class, () -> ScenarioScript.parse("# x\nnodes\n"));
    }
}
