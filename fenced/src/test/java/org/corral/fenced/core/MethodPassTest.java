package org.corral.fenced.core;

import static org.corral.fenced.core.Configs.ipmi;
import static org.corral.fenced.core.Configs.pdu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;

import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.corral.fenced.core.FenceConfig.Method;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.corral.fenced.core.MethodPass.Done;
import org.corral.fenced.core.MethodPass.Result;
import org.corral.fenced.core.MethodPass.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The method loop as a table: methods ipmi (one device) then pdu (two devices, a node with two
 * power supplies); each row gives the outcomes the agents answer in order, and the expected
 * fence_log and result.
 */
class MethodPassTest {
    private static final List<Method> METHODS = List.of(new Method("ipmi", List.of(ipmi("ipmi1", "h"))),
            new Method("pdu", List.of(pdu("pduA", 1), pdu("pduB", 1))));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ipmi ok                    | S       | 0.0 success                                          | SUCCESS",
        "ipmi fails, both psus ok   | E S S   | 0.0 error from agent;1.0 success;1.1 success          | SUCCESS",
        "second psu fails           | E S E   | 0.0 error from agent;1.0 success;1.1 error from agent | FAILED",
        "first psu fails ends pdu   | E E     | 0.0 error from agent;1.0 error from agent             | FAILED",
        "timeout is an agent error  | T S S   | 0.0 error from agent;1.0 success;1.1 success          | SUCCESS",
        "fork error                 | F F     | 0.0 error from fork;1.0 error from fork               | FAILED",
    })
    void fenceTable(String name, String outcomes, String expectedLog, Result expected) {
        MethodPass pass = MethodPass.fence("node1", METHODS);
        assertEquals(expected, drive(pass, outcomes));
        assertEquals(List.of(expectedLog.split(";")), render(pass));
    }

    @ParameterizedTest(name = "method {0}")
    @CsvSource(delimiter = '|', value = {
        "1 | E     | 0.0 error from agent              | FAILED",
        "2 | S S   | 1.0 success;1.1 success            | SUCCESS",
        "3 | ''    | 2.0 error method number            | FAILED",
    })
    void oneMethodOnly(int method, String outcomes, String expectedLog, Result expected) {
        MethodPass pass = MethodPass.fenceOneMethod("node1", METHODS, method);
        assertEquals(expected, drive(pass, outcomes));
        assertEquals(List.of(expectedLog.split(";")), render(pass));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "all ok          | S S | 0.0 success;0.1 success                     | SUCCESS",
        "first fails     | E S | 0.0 error from agent;0.1 success            | FAILED",
    })
    void unfenceTriesEveryDevice(String name, String outcomes, String expectedLog, Result expected) {
        MethodPass pass = MethodPass.unfence("node1", List.of(pdu("pduA", 1), pdu("pduB", 1)));
        assertEquals(expected, drive(pass, outcomes));
        assertEquals(List.of(expectedLog.split(";")), render(pass));
    }

    @org.junit.jupiter.api.Test
    void noMethodIsUndefinedAndConfigErrorsNeedNoAgent() {
        MethodPass none = MethodPass.fence("node9", List.of());
        assertEquals(Result.UNDEFINED, ((Done) none.next()).result());
        assertEquals(List.of("0.0 error no method"), render(none));
        assertEquals(Result.UNDEFINED, ((Done) MethodPass.unfence("n", List.of()).next()).result());

        DeviceUse missing = new DeviceUse("ghost", "", List.of(), List.of());
        MethodPass pass = MethodPass.fence("node1", List.of(new Method("a", List.of(missing)), new Method("b", List.of())));
        assertEquals(Result.FAILED, ((Done) pass.next()).result());
        assertEquals(List.of("0.0 error config agent", "1.0 error no device"), render(pass));
    }

    private static Result drive(MethodPass pass, String outcomes) {
        List<String> answers = new ArrayList<>(List.of(outcomes.isBlank() ? new String[0] : outcomes.trim().split("\\s+")));
        while (true) {
            MethodPass.Step step = pass.next();
            if (step instanceof Done done) {
                assertEquals(List.of(), answers, "every scripted answer used");
                return done.result();
            }
            assertInstanceOf(Run.class, step);
            String answer = answers.remove(0);
            pass.record(switch (answer) {
                case "S" -> AgentOutcome.SUCCESS;
                case "T" -> AgentOutcome.TIMEOUT;
                case "F" -> AgentOutcome.FORK;
                default -> AgentOutcome.ERROR;
            });
        }
    }

    private static List<String> render(MethodPass pass) {
        return pass.log().stream().map(e -> e.methodNum() + "." + e.deviceNum() + " " + e.resultText()).toList();
    }
}
