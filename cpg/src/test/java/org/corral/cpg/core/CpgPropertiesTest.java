package org.corral.cpg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.corral.cpg.wire.CpgCodec;

/** Random join/leave/mcast/partition/crash runs keep every CPG guarantee (see {@link CpgChecker}). */
class CpgPropertiesTest {

    private static final CpgNode.Factory REAL = CpgCluster.realEngines(CpgConfig.defaults());

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void everyRandomRunKeepsTheGuarantees(@ForAll long seed) {
        CpgCluster cluster = RandomScenario.run(seed, REAL, 150);
        List<String> violations = CpgChecker.check(cluster, true);
        assertEquals(List.of(), violations, "SEED=" + seed + " replays with RandomScenario.run(" + seed + "L, ...)");
    }

    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void aRunIsDeterministic(@ForAll long seed) {
        CpgCluster first = RandomScenario.run(seed, REAL, 80);
        CpgCluster second = RandomScenario.run(seed, REAL, 80);
        assertEquals(first.log, second.log, "SEED=" + seed);
        first.clients.forEach((id, client) -> assertEquals(client.history, second.clients.get(id).history, "SEED=" + seed));
    }

    @Property(tries = 50, shrinking = ShrinkingMode.OFF)
    void codecRoundTripsEveryMessageOfARun(@ForAll long seed) throws Exception {
        // The engines only ever see decoded records; an encode/decode pair that lost anything
        // would show up as a checker violation above, this pins it directly.
        CpgCodec codec = CpgCodec.INSTANCE;
        CpgMessage message = new CpgMessage.ProcLeave(GroupName.of("g" + (seed & 0xff)), (int) (seed >>> 33) | 1,
                (seed & 1) == 0 ? Reason.LEAVE : Reason.PROCDOWN);
        assertEquals(message, codec.decode(codec.encode(message)));
    }
}
