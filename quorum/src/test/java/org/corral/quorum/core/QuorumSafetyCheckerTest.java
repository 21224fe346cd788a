package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumSafetyCheckerTest {
    @Test
    void twoQuoratePartitionsUnderOneExpectedSettingIsAViolation() {
        var verdict = QuorumSafetyChecker.check(List.of(
                new QuorumSafetyChecker.Observation(1, 0, true, 4, false),
                new QuorumSafetyChecker.Observation(2, 0, true, 4, false),
                new QuorumSafetyChecker.Observation(3, 1, true, 4, false)));
        assertEquals(new QuorumSafetyChecker.Verdict.Violation(
                "expected votes 4: partitions [0, 1] are all quorate (nodes [1, 3])"), verdict);
    }

    @Test
    void differentSettingsAndTwoNodeAreNotViolations() {
        assertEquals(new QuorumSafetyChecker.Verdict.Safe(), QuorumSafetyChecker.check(List.of(
                new QuorumSafetyChecker.Observation(1, 0, true, 4, false),
                new QuorumSafetyChecker.Observation(3, 1, true, 1, false))));
        assertEquals(new QuorumSafetyChecker.Verdict.Safe(), QuorumSafetyChecker.check(List.of(
                new QuorumSafetyChecker.Observation(1, 0, true, 1, true),
                new QuorumSafetyChecker.Observation(2, 1, true, 1, true))));
        assertEquals(new QuorumSafetyChecker.Verdict.Safe(), QuorumSafetyChecker.check(List.of(
                new QuorumSafetyChecker.Observation(1, 0, true, 3, false),
                new QuorumSafetyChecker.Observation(2, 1, false, 3, false))));
    }
}
