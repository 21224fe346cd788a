package org.corral.totem.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.crypto.PacketSealer;
import org.corral.totem.crypto.TotemKey;
import org.corral.totem.rrp.RrpMode;
import org.junit.jupiter.api.Test;

/**
 * Garbage into a running node through the shell's receive path: random bytes, mutated captures,
 * replays and strangers' frames never throw, never change ring or membership, and leave only
 * counters behind. Also: RRP over the engines (cut ring 1: same membership, ring FAULTY, back).
 */
class EngineFuzzTest {
    private static EngineNetwork formedCluster(String clusterName, RrpMode mode) {
        EngineNetwork net = new EngineNetwork(3, mode, clusterName);
        assertTrue(net.runUntil(() -> net.formed(3), 20_000), "3 engines form a ring");
        net.runUntil(() -> false, 300);
        return net;
    }

    private static final EngineNetwork SECURE = formedCluster("fuzzed", RrpMode.NONE);
    private static final List<EngineNetwork.Frame> CAPTURE = List.copyOf(SECURE.sent.get(NodeId.of(2)));

    private record Snapshot(RingId ring, List<NodeId> members, Object state, Map<String, Long> protocolCounters) {}

    private static Snapshot snapshot(NodeEngine engine) {
        Map<String, Long> counters = new java.util.TreeMap<>(engine.processor().counters());
        return new Snapshot(engine.processor().ringId(), engine.processor().members(), engine.processor().state(), counters);
    }

    @Property(tries = 1500)
    void garbageChangesNothing(@ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(min = 0, max = 5000) int pick,
                               @ForAll @IntRange(min = 0, max = 3) int how, @ForAll byte value) {
        NodeEngine victim = SECURE.engines.get(NodeId.of(1));
        Snapshot before = snapshot(victim);
        byte[] frame = switch (how) {
            case 0 -> bytes;
            case 1 -> { // a captured frame with one byte changed
                byte[] b = CAPTURE.get(pick % CAPTURE.size()).bytes().clone();
                b[pick % b.length] ^= (byte) (value == 0 ? 1 : value);
                yield b;
            }
            case 2 -> CAPTURE.get(pick % CAPTURE.size()).bytes(); // a replay of an old frame
            default -> PacketSealer.secauth(NodeId.of(2), TotemKey.fromClusterName("stranger"), 1, 5)
                    .seal(0, java.util.Arrays.copyOf(bytes, Math.max(bytes.length, 13)));
        };
        victim.receive(0, frame, frame.length);
        assertEquals(before, snapshot(victim));
        victim.processor().invariants();
    }

    @Test
    void rejectionsAreCountedByReasonAndMemoryStaysBounded() {
        NodeEngine victim = SECURE.engines.get(NodeId.of(1));
        long before = rejected(victim);
        byte[] junk = new byte[64];
        for (int i = 0; i < 10_000; i++) {
            junk[i % 64] = (byte) i;
            victim.receive(0, junk, junk.length);
        }
        long after = rejected(victim);
        assertEquals(10_000, after - before);
    }

    private static long rejected(NodeEngine engine) {
        return engine.counters().entrySet().stream().filter(e -> e.getKey().startsWith("rx_rejected_"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void plainRingsSurviveDecodableNonsense() {
        EngineNetwork net = formedCluster(null, RrpMode.NONE);
        NodeEngine victim = net.engines.get(NodeId.of(3));
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<EngineNetwork.Frame> capture = List.copyOf(net.sent.get(NodeId.of(1)));
        for (int i = 0; i < 3000; i++) {
            byte[] b = capture.get(random.nextInt(capture.size())).bytes().clone();
            b[4 + random.nextInt(b.length - 4)] = (byte) random.nextInt(256);
            victim.receive(0, b, b.length);
            victim.processor().invariants();
        }
        net.engines.get(NodeId.of(3)).counters();
        assertTrue(net.runUntil(() -> net.formed(3), 30_000), "the ring still forms after the nonsense");
    }

    @Test
    void cuttingOneRingKeepsMembershipAndMarksItFaultyThenItRecovers() {
        for (RrpMode mode : List.of(RrpMode.ACTIVE, RrpMode.PASSIVE)) {
            EngineNetwork net = formedCluster("rings", mode);
            RingId ring = net.engines.get(NodeId.of(1)).processor().ringId();
            net.cut[1] = true;
            assertTrue(net.runUntil(() -> net.engines.values().stream().allMatch(e -> e.rrp().faulty(1)), 20_000),
                    mode + ": every node marks ring 1 faulty");
            net.runUntil(() -> false, 3000);
            for (NodeEngine engine : net.engines.values()) {
                assertEquals(ring, engine.processor().ringId(), mode + ": membership unchanged with one ring left");
            }
            net.cut[1] = false;
            assertTrue(net.runUntil(() -> net.engines.values().stream().noneMatch(e -> e.rrp().faulty(1)), 20_000),
                    mode + ": ring 1 recovers");
            assertEquals(ring, net.engines.get(NodeId.of(2)).processor().ringId());
            assertTrue(net.events.get(NodeId.of(1)).stream().anyMatch(e -> e instanceof org.corral.totem.core.TotemEvent.Log l
                    && l.text().equals("Automatically recovered ring 1")));
        }
    }

    @Test
    void aNodeWithTheWrongKeyStaysOut() {
        EngineNetwork net = new EngineNetwork(2, RrpMode.NONE, "right");
        net.add(NodeId.of(3), RrpMode.NONE, 1, PacketSealer.secauth(NodeId.of(3), TotemKey.fromClusterName("wrong"), 1, 9));
        assertTrue(net.runUntil(() -> net.engines.get(NodeId.of(1)).processor().members().size() == 2, 20_000));
        net.runUntil(() -> false, 5000);
        assertEquals(List.of(NodeId.of(1), NodeId.of(2)), net.engines.get(NodeId.of(1)).processor().members());
        assertEquals(List.of(NodeId.of(3)), net.engines.get(NodeId.of(3)).processor().members());
        assertTrue(net.engines.get(NodeId.of(1)).counters().get("rx_rejected_authentication") > 0);
    }

    @Test
    void icmpHintsAreCountedAlwaysAndActedOnOnlyWhenAsked() {
        EngineNetwork net = formedCluster("hints", RrpMode.NONE);
        NodeEngine one = net.engines.get(NodeId.of(1));
        one.unreachable(0, NodeId.of(2));
        assertEquals(org.corral.totem.core.TotemState.OPERATIONAL, one.processor().state(), "a hint alone changes nothing");
        assertEquals(1L, one.counters().get("icmp_unreachable_hints"));
        one.actOnUnreachableHints(true);
        one.unreachable(0, NodeId.of(2));
        assertEquals(org.corral.totem.core.TotemState.GATHER, one.processor().state(), "the next hop's hint is a token loss");
        assertTrue(net.runUntil(() -> net.formed(3), 30_000), "node 2 answered the joins: same three members again");
    }
}
