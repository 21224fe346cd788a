package org.corral.totem.rrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.corral.totem.core.Destination;
import org.corral.totem.core.Mcast;
import org.corral.totem.core.MembJoin;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.OrfToken;
import org.corral.totem.core.RingId;
import org.corral.totem.core.Send;
import org.corral.totem.core.TotemEvent;
import org.junit.jupiter.api.Test;

/** The redundant ring protocol core, in virtual time. */
class RrpCoreTest {
    static final NodeId N1 = NodeId.of(1);
    static final NodeId N2 = NodeId.of(2);
    static final RingId RING = new RingId(N1, 8);
    static final List<String> NAMES = List.of("10.0.0.1", "10.0.1.1");

    static OrfToken token(long tokenSeq) {
        return new OrfToken(N2, RING, tokenSeq, 0, 0, Optional.empty(), 0, 0, false, List.of());
    }

    static List<String> logs(RrpCore rrp) {
        return rrp.takeOutput().logs().stream().map(TotemEvent.Log::text).toList();
    }

    @Test
    void activeSendsEverythingOnEveryRingAndDeliversTheFirstCopy() {
        RrpCore rrp = new RrpCore(RrpConfig.defaults(RrpMode.ACTIVE, NAMES, 238), N1, 0);
        List<Send> routed = rrp.route(new Send(0, Destination.to(N2), token(1)));
        assertEquals(List.of(0, 1), routed.stream().map(Send::ring).toList());
        assertTrue(rrp.accept(1, token(1)));
        assertFalse(rrp.accept(0, token(1)), "the second copy is a duplicate");
        Mcast data = new Mcast(N2, N2, RING, 1, new Mcast.Packed(List.of(new Mcast.Chunk(0, 0, 1, new byte[] {7}))));
        assertTrue(rrp.accept(0, data));
        assertFalse(rrp.accept(1, data));
        MembJoin join = new MembJoin(N2, List.of(N1, N2), List.of(), 8, false);
        assertTrue(rrp.accept(0, join) && rrp.accept(1, join), "joins are idempotent and always pass");
    }

    @Test
    void activeMarksARingFaultyAfterThresholdMissesAndRecoversThroughARingTest() {
        RrpConfig config = RrpConfig.cman(RrpMode.ACTIVE, NAMES, 238);
        RrpCore rrp = new RrpCore(config, N1, 0);
        rrp.membersChanged(List.of(N1, N2));
        long now = 0;
        List<String> lines = new java.util.ArrayList<>();
        for (long seq = 1; seq <= 20 && !rrp.faulty(1); seq++) {
            now += 200;
            rrp.tick(now);
            assertTrue(rrp.accept(0, token(seq)));
            lines.addAll(logs(rrp));
        }
        assertTrue(lines.contains("Incrementing problem counter for seqid 3 iface 10.0.1.1 to [1 of 3]"), lines.toString());
        assertTrue(lines.contains("Marking seqid 7 ringid 1 interface 10.0.1.1 FAULTY"), lines.toString());
        assertTrue(rrp.faulty(1));
        assertEquals("Marking seqid 7 ringid 1 interface 10.0.1.1 FAULTY", rrp.statusLines().get(1));
        assertEquals(List.of(0), rrp.route(new Send(0, Destination.ALL, token(9))).stream().map(Send::ring).toList());

        now += config.autorecoveryCheckTimeoutMs();
        rrp.tick(now);
        List<RrpCore.RingTestSend> probes = rrp.takeOutput().sends();
        assertEquals(1, probes.size());
        RingTest probe = probes.get(0).message();
        assertEquals(RingTest.Kind.PROBE, probe.kind());
        assertEquals(1, probes.get(0).ring());

        RrpCore peer = new RrpCore(config, N2, 0);
        peer.onRingTest(1, probe);
        RrpCore.RingTestSend ack = peer.takeOutput().sends().get(0);
        assertEquals(new RrpCore.RingTestSend(1, Destination.to(N1), new RingTest(N2, 1, N1, probe.testId(), RingTest.Kind.ACK)), ack);
        rrp.onRingTest(1, ack.message());
        RrpCore.RrpOutput out = rrp.takeOutput();
        assertTrue(out.logs().stream().anyMatch(l -> l.text().equals("Automatically recovered ring 1")));
        assertEquals(2, out.sends().size(), "ACTIVATE goes out on both rings");
        assertFalse(rrp.faulty(1));
        assertEquals("ring 1 active with no faults", rrp.statusLines().get(1));
    }

    @Test
    void aPauseCountsNothingButARingWithoutTokensDoesAndCountersDecay() {
        RrpConfig config = RrpConfig.defaults(RrpMode.ACTIVE, NAMES, 100);
        RrpCore rrp = new RrpCore(config, N1, 0);
        // A pause: three tokens read from ring 0's socket before ring 1's copies, then the tick.
        rrp.tick(10);
        for (long seq = 1; seq <= 3; seq++) {
            assertTrue(rrp.accept(0, token(seq)));
        }
        for (long seq = 1; seq <= 3; seq++) {
            assertFalse(rrp.accept(1, token(seq)));
        }
        rrp.tick(500);
        assertEquals(0, rrp.problemCounter(1));
        // Tokens only on ring 1 for a while: ring 0 gets problems, one per expired period.
        for (long t = 550, seq = 4; t <= 800; t += 50, seq++) {
            rrp.tick(t);
            rrp.accept(1, token(seq));
        }
        rrp.tick(850);
        assertEquals(2, rrp.problemCounter(0));
        rrp.tick(2100);
        rrp.tick(4200);
        assertEquals(0, rrp.problemCounter(0));
        assertTrue(logs(rrp).contains("ring 0 active with no faults"));
    }

    @Test
    void passiveAlternatesAndMarksARingThatFallsBehind() {
        RrpConfig config = RrpConfig.cman(RrpMode.PASSIVE, NAMES, 238);
        RrpCore rrp = new RrpCore(config, N1, 0);
        List<Integer> rings = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rings.addAll(rrp.route(new Send(0, Destination.to(N2), token(i))).stream().map(Send::ring).toList());
        }
        assertEquals(List.of(0, 1, 0, 1), rings);
        assertEquals(2, rrp.route(new Send(0, Destination.ALL, new MembJoin(N1, List.of(N1), List.of(), 0, false))).size());
        for (long seq = 1; seq <= config.problemCountThreshold() + 1; seq++) {
            rrp.accept(0, token(seq));
        }
        assertTrue(rrp.faulty(1));
        assertTrue(logs(rrp).contains("Marking ringid 1 interface 10.0.1.1 FAULTY"));
        assertEquals(List.of(0, 0), List.of(rrp.route(new Send(0, Destination.to(N2), token(9))).get(0).ring(),
                rrp.route(new Send(0, Destination.to(N2), token(10))).get(0).ring()));
        rrp.resetAll();
        assertFalse(rrp.faulty(1));
    }

    @Test
    void duplicateMemoryIsBounded() {
        RrpCore rrp = new RrpCore(RrpConfig.defaults(RrpMode.ACTIVE, NAMES, 238), N1, 0);
        for (long seq = 1; seq <= 20_000; seq++) {
            Mcast data = new Mcast(N2, N2, RING, seq, new Mcast.Packed(List.of(new Mcast.Chunk(seq, 0, 1, new byte[0]))));
            assertTrue(rrp.accept(0, data));
            assertTrue(rrp.accept(0, token(seq)));
        }
        assertEquals(RrpCore.SEEN_KEYS_MAX, rrp.seenKeys());
    }

    @Test
    void cfgtoolStatusHasCorosyncsLayout() {
        RrpCore rrp = new RrpCore(RrpConfig.cman(RrpMode.PASSIVE, List.of("192.168.1.1", "10.0.0.1"), 238), N1, 0);
        for (long seq = 1; seq <= 4; seq++) {
            rrp.accept(0, token(seq));
        }
        assertEquals("""
                Printing ring status.
                Local node ID 1
                RING ID 0
                \tid\t= 192.168.1.1
                \tstatus\t= ring 0 active with no faults
                RING ID 1
                \tid\t= 10.0.0.1
                \tstatus\t= Marking ringid 1 interface 10.0.0.1 FAULTY
                """, CfgtoolStatus.status(1, rrp.config().interfaceNames(), rrp.statusLines()));
    }
}
