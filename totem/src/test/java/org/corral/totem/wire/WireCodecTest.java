package org.corral.totem.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.corral.totem.core.CommitToken;
import org.corral.totem.core.Mcast;
import org.corral.totem.core.MembJoin;
import org.corral.totem.core.MembMergeDetect;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.OrfToken;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TokenHoldCancel;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.core.TotemMessage;
import org.corral.totem.crypto.PacketSealer;
import org.corral.totem.rrp.RingTest;
import org.junit.jupiter.api.Test;

/** The codec: exact round trips of every message, and only WireException for any other bytes. */
class WireCodecTest {
    static final NodeId N1 = NodeId.of(1);
    static final NodeId N2 = NodeId.of(2);
    static final NodeId N3 = NodeId.of(3);
    static final RingId RING = new RingId(N1, 12);
    static final RingId OLD_RING = new RingId(N2, 8);

    /** One example of every message type, with every optional part present. */
    static List<TotemMessage> examples() {
        Mcast plain = new Mcast(N2, N3, OLD_RING, 7, new Mcast.Packed(List.of(
                new Mcast.Chunk(0, 0, 1, new byte[] {1, 2, 3}),
                new Mcast.Chunk((1L << 40) + 5, 2, 3, new byte[0]))));
        return List.of(
                new OrfToken(N2, RING, 99, 40, 38, Optional.of(N3), 2, 5, true,
                        List.of(new OrfToken.RtrItem(RING, 39), new OrfToken.RtrItem(OLD_RING, 6))),
                new OrfToken(N1, RING, 0, 0, 0, Optional.empty(), 0, 0, false, List.of()),
                plain,
                new Mcast(N1, N2, RING, 3, new Mcast.Encapsulated(plain)),
                new MembJoin(N3, List.of(N1, N2, N3), List.of(NodeId.of(4096)), 44, false),
                new MembJoin(N3, List.of(N3), List.of(N3), 44, true),
                new MembMergeDetect(N1, RING),
                new TokenHoldCancel(N2, RING),
                new CommitToken(N2, 5, RING, List.of(N1, N2, N3),
                        List.of(new CommitToken.Entry(OLD_RING, 10, 9, 12, true), new CommitToken.Entry(RING, 0, 0, 0, false)), 1));
    }

    @Test
    void everyMessageRoundTripsToTheSameBytes() throws Exception {
        for (TotemMessage message : examples()) {
            byte[] bytes = WireCodec.encode(message, 3);
            Packet.Totem decoded = (Packet.Totem) WireCodec.decode(bytes);
            assertEquals(3, decoded.target());
            assertEquals(message.getClass(), decoded.message().getClass());
            assertArrayEquals(bytes, WireCodec.encode(decoded.message(), 3), message.getClass().getSimpleName());
            if (!(message instanceof Mcast)) {
                assertEquals(message, decoded.message(), "records without byte arrays compare equal");
            }
        }
    }

    @Test
    void ringTestsRoundTrip() throws Exception {
        for (RingTest.Kind kind : RingTest.Kind.values()) {
            RingTest test = new RingTest(N2, 1, N1, 77, kind);
            assertEquals(new Packet.Rrp(test, 0), WireCodec.decode(WireCodec.encode(test, 0)));
        }
    }

    @Test
    void headerIsCorosyncShaped() {
        byte[] bytes = WireCodec.encode(new TokenHoldCancel(N2, RING), 0);
        assertEquals(TotemMessage.HEADER_BYTES + 12, bytes.length);
        assertEquals((byte) 0xC0, bytes[0]);
        assertEquals((byte) 0x70, bytes[1]);
        assertEquals(WireCodec.VERSION, bytes[2]);
        assertEquals(WireCodec.TYPE_HOLD_CANCEL, bytes[3]);
    }

    @Test
    void badInputIsRefusedWithAReason() {
        byte[] good = WireCodec.encode(examples().get(0), 0);
        assertThrows(WireException.class, () -> WireCodec.decode(new byte[3]));
        byte[] magic = good.clone();
        magic[0] = 0;
        assertTrue(assertThrows(WireException.class, () -> WireCodec.decode(magic)).getMessage().contains("magic"));
        byte[] version = good.clone();
        version[2] = 9;
        assertTrue(assertThrows(WireException.class, () -> WireCodec.decode(version)).getMessage().contains("version"));
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(WireException.class, () -> WireCodec.decode(longer)).getMessage().contains("trailing"));
        byte[] shorter = java.util.Arrays.copyOf(good, good.length - 1);
        assertThrows(WireException.class, () -> WireCodec.decode(shorter));
        byte[] nodeZero = good.clone();
        nodeZero[5] = nodeZero[6] = nodeZero[7] = nodeZero[8] = 0;
        assertTrue(assertThrows(WireException.class, () -> WireCodec.decode(nodeZero)).getMessage().contains("node id"));
    }

    /** A full-size data frame, sealed, still fits one netmtu datagram (IP 20 + UDP 8 bytes). */
    @Test
    void aFullFrameFitsTheMtuAfterSecauth() {
        int mtu = TotemConfig.NET_MTU_DEFAULT;
        // The core sizes frame bodies as netmtu - (28 + 72) - header - mcast header (Fragmenter).
        int bodyMax = mtu - 100 - TotemMessage.HEADER_BYTES - Mcast.MCAST_HEADER_BYTES;
        Mcast full = new Mcast(N1, N1, RING, 1, new Mcast.Packed(List.of(
                new Mcast.Chunk((1L << 48) - 1, 0, 1, new byte[bodyMax - Mcast.CHUNK_HEADER_BYTES]))));
        byte[] sealed = PacketSealer.secauth(N1, org.corral.totem.crypto.TotemKey.fromClusterName("alpha"), 1, 0)
                .seal(0, WireCodec.encode(full, 0));
        assertTrue(sealed.length + 28 <= mtu, "sealed frame of " + sealed.length + " bytes exceeds netmtu " + mtu);
        OrfToken fullToken = new OrfToken(N1, RING, 1, 30, 0, Optional.empty(), 0, 0, false,
                java.util.stream.LongStream.rangeClosed(1, OrfToken.RTR_ENTRIES_MAX).mapToObj(s -> new OrfToken.RtrItem(RING, s)).toList());
        assertTrue(WireCodec.encode(fullToken, 2).length + PacketSealer.OVERHEAD_BYTES + 28 <= mtu);
    }

    // ---- properties ----

    @Property(tries = 300)
    void randomMessagesRoundTrip(@ForAll("messages") TotemMessage message) throws Exception {
        byte[] bytes = WireCodec.encode(message, 0);
        assertArrayEquals(bytes, WireCodec.encode(((Packet.Totem) WireCodec.decode(bytes)).message(), 0));
    }

    @Property(tries = 2000)
    void randomBytesOnlyEverGiveWireException(@ForAll @Size(max = 300) byte[] bytes) {
        decodeOrRefuse(bytes);
    }

    @Property(tries = 2000)
    void mutatedPacketsOnlyEverGiveWireException(@ForAll("messages") TotemMessage message,
                                                 @ForAll @IntRange(min = 0, max = 10_000) int position,
                                                 @ForAll byte value, @ForAll @IntRange(min = 0, max = 3) int how) {
        byte[] bytes = WireCodec.encode(message, 0);
        int at = position % bytes.length;
        byte[] mutated = switch (how) {
            case 0 -> { byte[] b = bytes.clone(); b[at] = value; yield b; }
            case 1 -> java.util.Arrays.copyOf(bytes, at);
            case 2 -> { byte[] b = java.util.Arrays.copyOf(bytes, bytes.length + 1 + at % 7); b[bytes.length] = value; yield b; }
            default -> { byte[] b = bytes.clone(); b[at] ^= (byte) (1 << (value & 7)); yield b; }
        };
        decodeOrRefuse(mutated);
    }

    private static void decodeOrRefuse(byte[] bytes) {
        try {
            Packet packet = WireCodec.decode(bytes);
            // Whatever decodes must encode back to exactly the bytes it came from (canonical form).
            byte[] again = packet instanceof Packet.Totem t ? WireCodec.encode(t.message(), t.target())
                    : WireCodec.encode(((Packet.Rrp) packet).message(), ((Packet.Rrp) packet).target());
            assertArrayEquals(bytes, again);
        } catch (WireException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().contains("\n"));
        }
    }

    @Provide
    Arbitrary<TotemMessage> messages() {
        Arbitrary<NodeId> nodes = Arbitraries.integers().between(1, 8).map(NodeId::of);
        Arbitrary<RingId> rings = Combinators.combine(nodes, Arbitraries.longs().between(0, 1L << 50)).as(RingId::new);
        Arbitrary<List<NodeId>> nodeLists = nodes.set().ofMaxSize(6).map(s -> new ArrayList<>(new java.util.TreeSet<>(s)));
        Arbitrary<TotemMessage> join = Combinators.combine(nodes, nodeLists, nodeLists, Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.of(true, false)).as(MembJoin::new);
        Arbitrary<TotemMessage> merge = Combinators.combine(nodes, rings).as(MembMergeDetect::new);
        Arbitrary<TotemMessage> cancel = Combinators.combine(nodes, rings).as(TokenHoldCancel::new);
        Arbitrary<List<OrfToken.RtrItem>> rtr = Combinators.combine(rings, Arbitraries.longs().between(1, 1000))
                .as(OrfToken.RtrItem::new).list().ofMaxSize(OrfToken.RTR_ENTRIES_MAX);
        Arbitrary<TotemMessage> token = Combinators.combine(nodes, rings, Arbitraries.longs().between(0, 1 << 30),
                Arbitraries.longs().between(0, 1000), rtr, Arbitraries.integers().between(0, 50)).as(
                (sender, ring, tokenSeq, seq, items, fcc) -> new OrfToken(sender, ring, tokenSeq, seq, seq / 2,
                        seq % 3 == 0 ? Optional.empty() : Optional.of(sender), fcc, fcc, seq % 2 == 0, items));
        Arbitrary<Mcast.Chunk> chunk = Combinators.combine(Arbitraries.longs().between(0, (1L << 48) - 1),
                Arbitraries.integers().between(1, 5), Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as((id, count, data) -> new Mcast.Chunk(id, count - 1, count, data));
        Arbitrary<Mcast> packed = Combinators.combine(nodes, nodes, rings, Arbitraries.longs().between(1, 1 << 20),
                chunk.list().ofMinSize(1).ofMaxSize(4)).as((s, o, r, q, c) -> new Mcast(s, o, r, q, new Mcast.Packed(c)));
        Arbitrary<TotemMessage> mcast = Combinators.combine(packed, nodes, Arbitraries.longs().between(1, 99), Arbitraries.of(true, false))
                .as((inner, s, q, wrap) -> wrap
                        ? new Mcast(s, inner.origin(), new RingId(inner.ringId().representative(), inner.ringId().seq() + 4), q,
                                new Mcast.Encapsulated(inner))
                        : inner);
        return Arbitraries.oneOf(join, merge, cancel, token, mcast, commitTokens(nodes, rings));
    }

    private static Arbitrary<TotemMessage> commitTokens(Arbitrary<NodeId> nodes, Arbitrary<RingId> rings) {
        return Combinators.combine(Arbitraries.integers().between(1, 5), rings, Arbitraries.longs().between(0, 500),
                Arbitraries.integers().between(0, 5)).as((size, oldRing, aru, filled) -> {
                    List<NodeId> members = new ArrayList<>();
                    for (int i = 1; i <= size; i++) {
                        members.add(NodeId.of(i));
                    }
                    List<CommitToken.Entry> entries = new ArrayList<>();
                    for (int i = 0; i < Math.min(filled, size); i++) {
                        entries.add(new CommitToken.Entry(oldRing, aru, aru / 2, aru + i, i % 2 == 0));
                    }
                    return new CommitToken(N1, aru, new RingId(N1, oldRing.seq() + 4), members, entries, size - 1);
                });
    }
}
