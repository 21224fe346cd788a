package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VotesTest {

    @ParameterizedTest(name = "expected={0} total={1} -> quorum {2}")
    @CsvSource({
        // expected, total, quorum  (max((e+2)/2, (t+2)/2), integer division)
        "1, 0, 1", "1, 1, 1", "2, 2, 2", "2, 1, 2", "3, 3, 2", "3, 1, 2", "4, 4, 3", "4, 2, 3",
        "5, 5, 3", "9, 9, 5", "9, 5, 5", "3, 5, 3", "1, 2, 2", "0, 0, 1", "6, 6, 4", "7, 7, 4",
    })
    void quorumIsTheOpenVmsFormula(int expected, int total, int quorum) {
        assertEquals(quorum, Votes.quorum(expected, total));
    }

    @ParameterizedTest(name = "two_node={0} members={1} expected={2} total={3} -> {4}")
    @CsvSource({
        "true, 2, 1, 2, 1", "true, 1, 1, 1, 1", "true, 0, 1, 0, 1", "false, 2, 2, 2, 2", "false, 1, 1, 1, 1",
        "true, 3, 3, 3, 2",
    })
    void twoNodeGivesQuorumOneWithAtMostTwoMembers(boolean twoNode, int members, int expected, int total, int q) {
        assertEquals(q, Votes.quorum(expected, total, twoNode, members));
    }

    @Test
    void expectedVotesPrecedence() {
        List<Integer> votes = List.of(1, 1, 3);
        assertEquals(7, Votes.expected(OptionalInt.of(7), OptionalInt.of(4), votes), "command line wins");
        assertEquals(4, Votes.expected(OptionalInt.empty(), OptionalInt.of(4), votes), "then <cman expected_votes>");
        assertEquals(5, Votes.expected(OptionalInt.empty(), OptionalInt.empty(), votes), "then the sum of votes");
    }

    @ParameterizedTest(name = "votes {0}")
    @CsvSource({
        "-1, Found negative votes for this node in CCS", "256, Found invalid votes for node in CCS",
        "0, ", "1, ", "255, ",
    })
    void nodeVotesRange(int votes, String message) {
        Votes.VotesVerdict verdict = Votes.checkNodeVotes(votes);
        if (message == null) {
            assertEquals(new Votes.VotesVerdict.Accepted(votes), verdict);
        } else {
            assertEquals(new Votes.VotesVerdict.Refused(message), verdict);
        }
    }

    @Test
    void negativeInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Votes.quorum(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Votes.quorum(1, -1));
    }

    @ParameterizedTest(name = "two_node nodes={0} sum={1} own={2}")
    @CsvSource(delimiter = '|', value = {
        "2|2|1|",
        "3|3|1|the two-node option requires exactly two nodes with one vote each and expected votes of 1 (node_count=3 vote_sum=3)",
        "2|3|2|the two-node option requires exactly two nodes with one vote each and expected votes of 1 (node_count=2 vote_sum=3)",
    })
    void twoNodeStartupChecks(int nodes, int sum, int own, String syslog) {
        TwoNodeCheck.Decision decision = TwoNodeCheck.check(true, nodes, sum, own);
        if (syslog == null) {
            assertEquals(new TwoNodeCheck.Decision.Accepted(), decision);
        } else {
            assertEquals(new TwoNodeCheck.Decision.Refused(syslog,
                    "two_node is set but there are not 2 nodes in cluster.conf"), decision);
        }
    }

    @Test
    void twoNodeOwnVotesAndJoinExpected() {
        // vote_sum 2 with own votes 2 cannot happen with 2 nodes of >= 0 votes unless the peer has 0.
        assertEquals(new TwoNodeCheck.Decision.Refused("two_node set but votes not set to 1",
                "two_node set but votes not set to 1"), TwoNodeCheck.check(true, 2, 2, 2));
        assertEquals(new TwoNodeCheck.Decision.Accepted(), TwoNodeCheck.check(false, 5, 5, 1));
        assertEquals(new TwoNodeCheck.Decision.Refused("expected_votes value (2) invalid in two node mode",
                "expected_votes value (2) invalid in two node mode"), TwoNodeCheck.checkJoinExpected(2));
        assertEquals(new TwoNodeCheck.Decision.Accepted(), TwoNodeCheck.checkJoinExpected(1));
    }
}
