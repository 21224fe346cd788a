package org.corral.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.corral.sim.FakeTotem.Fault;
import org.corral.sim.FakeWorld.Script;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every checker can fail: each deliberately broken processor is caught by the checker that guards
 * the guarantee it breaks, and the same script with an unbroken processor passes every check.
 */
class CheckersCatchBrokenProcessorsTest {

    static Stream<Arguments> brokenProcessors() {
        return Stream.of(
                Arguments.of(Fault.REORDER, Script.STEADY, 2, Checker.TOTAL_ORDER),
                Arguments.of(Fault.DUPLICATE, Script.STEADY, 2, Checker.NO_DUPLICATE),
                Arguments.of(Fault.CORRUPT, Script.STEADY, 2, Checker.NO_INVENTED),
                Arguments.of(Fault.NON_MEMBER_ORIGIN, Script.STEADY, 2, Checker.MEMBERSHIP),
                Arguments.of(Fault.WRONG_MEMBERS, Script.STEADY, 2, Checker.CONFIG_AGREEMENT),
                Arguments.of(Fault.REUSE_RING_SEQ, Script.RESTART_1, 1, Checker.CONFIG_AGREEMENT),
                Arguments.of(Fault.SKIP_TRANSITIONAL, Script.STEADY, 2, Checker.TRANSITIONAL),
                Arguments.of(Fault.DROP_ONE, Script.CRASH_3, 2, Checker.VIRTUAL_SYNCHRONY),
                Arguments.of(Fault.DROP_ONE, Script.STEADY, 2, Checker.LOST_WHILE_MEMBER),
                Arguments.of(Fault.NO_SELF_DELIVERY, Script.STEADY, 2, Checker.SELF_DELIVERY),
                Arguments.of(Fault.NEVER_REFORM, Script.CRASH_3, 1, Checker.LIVENESS),
                Arguments.of(Fault.SEND_BEFORE_PERSIST, Script.STEADY, 1, Checker.PERSIST_BEFORE_SEND),
                // A processor that claims safe delivery but delivers on receipt, like plain agreed order.
                Arguments.of(Fault.NONE, Script.SAFE_CRASH_OF_SEQUENCER, 1, Checker.SAFE));
    }

    @ParameterizedTest(name = "{0} in {1} is caught by {3}")
    @MethodSource("brokenProcessors")
    void brokenProcessorIsCaught(Fault fault, Script script, int faultyNode, String checker) {
        SimulationFailure failure = FakeWorld.run(script, fault, faultyNode, 7);
        assertNotNull(failure, fault + " went unnoticed");
        assertEquals(checker, failure.checker(), failure.getMessage());
    }

    @ParameterizedTest(name = "an unbroken processor passes {0}")
    @EnumSource(value = Script.class, names = {"STEADY", "CRASH_3", "RESTART_1"})
    void unbrokenProcessorPasses(Script script) {
        SimulationFailure failure = FakeWorld.run(script, Fault.NONE, 2, 7);
        assertNull(failure, () -> failure.getMessage());
    }
}
