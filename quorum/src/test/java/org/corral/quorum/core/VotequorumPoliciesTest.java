package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the votequorum options, each a pure decision function. */
class VotequorumPoliciesTest {

    @ParameterizedTest(name = "wfa enabled={0} waiting={1} total={2} expected={3} -> {4}")
    @CsvSource({
        "false, true, 1, 3, NotWaiting", "true, false, 1, 3, NotWaiting", "true, true, 2, 3, Blocked",
        "true, true, 3, 3, Released", "true, true, 4, 3, Released", "true, true, 0, 3, Blocked",
    })
    void waitForAll(boolean enabled, boolean waiting, int total, int expected, String kind) {
        WaitForAll.Decision decision = WaitForAll.decide(enabled, waiting, total, expected);
        assertEquals(kind, decision.getClass().getSimpleName());
        if (decision instanceof WaitForAll.Decision.Blocked blocked) {
            assertEquals("Waiting for all cluster members. Current votes: " + total + " expected_votes: " + expected,
                    blocked.logLine());
        }
    }

    @ParameterizedTest(name = "lms enabled={0} lost={1} deadline={2} now={3} quorate={4} -> {7}")
    @CsvSource({
        // enabled, memberLost, deadline(-1 none), now, quorate, total, expected, decision, value
        "false, true, -1, 0, true, 2, 3, Nothing, 0",
        "false, false, 50, 60, true, 2, 3, CancelWindow, 0",
        "true, true, -1, 100, true, 2, 3, StartWindow, 10100",
        "true, true, 5000, 100, true, 2, 3, StartWindow, 10100",
        "true, false, 10100, 10099, true, 2, 3, Nothing, 0",
        "true, false, 10100, 10100, true, 2, 3, LowerExpected, 2",
        "true, false, 10100, 10100, true, 3, 3, CancelWindow, 0",
        "true, false, 10100, 10200, false, 1, 3, CancelWindow, 0",
        "true, true, -1, 100, false, 1, 3, Nothing, 0",
        "true, false, -1, 100, true, 3, 3, Nothing, 0",
    })
    void lastManStanding(boolean enabled, boolean lost, long deadline, long now, boolean quorate, int total,
            int expected, String kind, long value) {
        OptionalLong window = deadline < 0 ? OptionalLong.empty() : OptionalLong.of(deadline);
        LastManStanding.Decision decision = LastManStanding.decide(enabled, 10_000, now, lost, window, quorate,
                total, expected);
        assertEquals(kind, decision.getClass().getSimpleName());
        if (decision instanceof LastManStanding.Decision.StartWindow start) {
            assertEquals(value, start.deadlineMs());
        }
        if (decision instanceof LastManStanding.Decision.LowerExpected lower) {
            assertEquals(value, lower.newExpectedVotes());
        }
    }

    @ParameterizedTest(name = "atb members={0} total={1} expected={2} mode={3} -> {4}")
    @CsvSource(delimiter = '|', value = {
        "1,2|2|4|lowest|KeepsQuorum",
        "3,4|2|4|lowest|LosesTie",
        "3,4|2|4|highest|KeepsQuorum",
        "1,2|2|4|highest|LosesTie",
        "2,3|2|4|3,1|KeepsQuorum",
        "1,4|2|4|3,1|LosesTie",
        "1,2,3|3|4|lowest|NotApplicable",
        "1|1|3|lowest|NotApplicable",
        "1,2|2|5|lowest|NotApplicable",
    })
    void autoTieBreaker(String members, int total, int expected, String mode, String kind) {
        AutoTieBreaker.Mode parsed = switch (mode) {
            case "lowest" -> new AutoTieBreaker.Mode.Lowest();
            case "highest" -> new AutoTieBreaker.Mode.Highest();
            default -> new AutoTieBreaker.Mode.Listed(ints(mode));
        };
        AutoTieBreaker.Decision decision = AutoTieBreaker.decide(true, parsed, List.of(1, 2, 3, 4), ints(members),
                total, expected);
        assertEquals(kind, decision.getClass().getSimpleName());
    }

    @Test
    void autoTieBreakerOffIsNotApplicable() {
        assertEquals(new AutoTieBreaker.Decision.NotApplicable(), AutoTieBreaker.decide(false,
                new AutoTieBreaker.Mode.Lowest(), List.of(1, 2), List.of(1), 1, 2));
    }

    private static List<Integer> ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    @ParameterizedTest(name = "auto_tie_breaker_node \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "lowest|Lowest[]", " highest |Highest[]", "3|Listed[nodeIds=[3]]", "3 1  2|Listed[nodeIds=[3, 1, 2]]",
    })
    void autoTieBreakerNodeIsParsed(String text, String mode) {
        assertEquals(mode, AutoTieBreaker.parseMode(text).toString());
    }

    @ParameterizedTest(name = "auto_tie_breaker_node \"{0}\" is refused")
    @CsvSource(delimiter = '|', value = {"middle", "0", "4097", "1,2", "-1", "' '"})
    void autoTieBreakerNodeRefusesNonsense(String text) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AutoTieBreaker.parseMode(text));
    }
}
