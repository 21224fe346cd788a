package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QdiskConfigResolverTest {

    static QdiskConfig resolved(Map<String, String> q, List<Map<String, String>> h, int token, List<Integer> votes) {
        QdiskConfigResolver.Result result = QdiskConfigResolver.resolve(q, h, token, votes);
        assertTrue(result instanceof QdiskConfigResolver.Result.Resolved, result.toString());
        return ((QdiskConfigResolver.Result.Resolved) result).config();
    }

    static String refused(Map<String, String> q, List<Map<String, String>> h, int token, List<Integer> votes) {
        QdiskConfigResolver.Result result = QdiskConfigResolver.resolve(q, h, token, votes);
        assertTrue(result instanceof QdiskConfigResolver.Result.Refused, result.toString());
        return ((QdiskConfigResolver.Result.Refused) result).message();
    }

    @Test
    void defaultsForTheDefaultToken() {
        QdiskConfig c = resolved(Map.of("label", "qd"), List.of(), 10_000, List.of(1, 1, 1));
        assertEquals(1, c.intervalSeconds());
        assertEquals(4, c.tko(), "(token/1000 - interval)/2");
        assertEquals(2, c.tkoUp(), "tko/3, at least 2");
        assertEquals(2, c.upgradeWait());
        assertEquals(3, c.masterWait(), "tko/2, forced above tko_up");
        assertEquals(2, c.votes(), "node count - 1");
        assertEquals(0, c.minScore());
        assertTrue(c.reboot());
        assertTrue(c.allowKill());
        assertFalse(c.paranoid());
        assertTrue(c.useUptime());
        assertFalse(c.stopCman());
        assertFalse(c.masterWins(), "three nodes");
        assertEquals("rr", c.scheduler());
        assertEquals(1, c.priority());
        assertEquals("qd", c.label());
        assertNull(c.device());
        assertEquals(1, c.scoreMax(), "no heuristics: 1/1");
        assertEquals(1, c.requiredScore(1));
    }

    @Test
    void masterWinsIsAutomaticForASimpleTwoNodeCluster() {
        QdiskConfigResolver.Result result = QdiskConfigResolver.resolve(Map.of("device", "/dev/sdc1"), List.of(),
                10_000, List.of(1, 1));
        QdiskConfigResolver.Result.Resolved ok = (QdiskConfigResolver.Result.Resolved) result;
        assertTrue(ok.config().masterWins());
        assertTrue(ok.logs().contains("Enabling master-wins mode for simple two-node cluster"));
        assertFalse(resolved(Map.of("device", "d", "master_wins", "1"), List.of(Map.of("program", "true")), 10_000,
                List.of(1, 1)).masterWins(), "forced off with heuristics");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "token 9000|label=qd|9000|1,1,1|Token timeout 9000 is too fast to use with qdiskd!",
        "slow timings|label=qd,tko=10|10000|1,1,1|Quorum disk timings are too slow for configured token timeout",
        "votes not 1|label=qd|10000|1,2,1|Set all node vote counts to 1 or specify qdiskd's votes",
        "no device|interval=1|10000|1,1|No quorum disk device or label specified in <quorumd>",
        "not a number|label=qd,interval=abc|10000|1,1|quorumd attribute interval=\"abc\" is not a whole number",
    })
    void refusals(String name, String attributes, int token, String votes, String message) {
        assertEquals(message, refused(attributes(attributes), List.of(), token, ints(votes)));
    }

    @Test
    void explicitVotesAllowUnevenNodesAndLongTokensAllowLongTko() {
        QdiskConfig c = resolved(attributes("label=qd,votes=3,tko=10,interval=2"), List.of(), 50_000, List.of(1, 2, 1));
        assertEquals(3, c.votes());
        assertEquals(10, c.tko());
        assertEquals(5, c.masterWait());
        assertEquals(3, c.tkoUp());
    }

    @Test
    void heuristicsDefaultsAndLimit() {
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(Map.of("program", "ping -c1 gw" + i));
        }
        QdiskConfigResolver.Result.Resolved ok = (QdiskConfigResolver.Result.Resolved) QdiskConfigResolver.resolve(
                Map.of("label", "qd"), many, 10_000, List.of(1, 1));
        assertEquals(10, ok.config().heuristics().size());
        HeuristicConfig first = ok.config().heuristics().get(0);
        assertEquals(1, first.score());
        assertEquals(1, first.intervalSeconds(), "absmax = 1*(4-1) = 3 -> 1 s");
        assertEquals(3, first.tko(), "absmax / interval");
        assertTrue(ok.logs().contains("Only 10 heuristics are supported; ignoring the rest"));
        assertEquals(10, ok.config().scoreMax());
        assertEquals(6, ok.config().requiredScore(10), "maxscore/2 + 1");

        HeuristicConfig explicit = resolved(Map.of("label", "qd"),
                List.of(Map.of("program", "true", "score", "3", "interval", "0", "tko", "-1")), 10_000, List.of(1, 1))
                .heuristics().get(0);
        assertEquals(new HeuristicConfig("true", 3, 2, 1), explicit);
        assertEquals("Heuristic 1 has no program",
                refused(Map.of("label", "qd"), List.of(Map.of("score", "1")), 10_000, List.of(1, 1)));
    }

    @ParameterizedTest(name = "absmax {0} -> {1}")
    @CsvSource({"0, 1", "4, 1", "5, 2", "22, 2", "23, 3", "39, 3", "40, 4", "50, 4", "51, 5"})
    void heuristicIntervalTable(int absoluteMax, int interval) {
        assertEquals(interval, QdiskConfigResolver.autoInterval(absoluteMax));
    }

    static Map<String, String> attributes(String csv) {
        Map<String, String> map = new java.util.TreeMap<>();
        for (String pair : csv.split(",")) {
            String[] kv = pair.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return map;
    }

    static List<Integer> ints(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
    }
}
