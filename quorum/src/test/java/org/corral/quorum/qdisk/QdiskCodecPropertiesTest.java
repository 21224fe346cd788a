package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every block the codec writes reads back equal, in every slot size; any one flipped bit is refused. */
class QdiskCodecPropertiesTest {
    @Provide
    Arbitrary<StatusBlock> blocks() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Integer> mask = Arbitraries.integers().between(0, 0xFFFF);
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 0xFFFF_FFFFL * 1_000_000L);
        Arbitrary<StatusBlock> head = Combinators.combine(Arbitraries.integers().between(0, 16),
                Arbitraries.longs(), Arbitraries.integers().between(1, 16), Arbitraries.of(DiskState.class), u16, u16,
                u16, micros).as((writer, timestamp, id, state, flags, score, scoreMax, average) -> new StatusBlock(
                        writer, timestamp, id, state, flags, score, scoreMax, average, 0, 0, DiskMessage.NONE, 0, 0, 0, 0));
        return Combinators.combine(head, micros, Arbitraries.longs(), Arbitraries.of(DiskMessage.class), u16,
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), mask, mask).as((b, last, incarnation, message, seq, arg,
                        members, masters) -> new StatusBlock(b.updateNode(), b.timestamp(), b.nodeId(), b.state(),
                        b.flags(), b.score(), b.scoreMax(), b.averageCycleUs(), last, incarnation, message, seq, arg,
                        members, masters));
    }

    @Provide
    Arbitrary<QuorumHeader> headers() {
        Arbitrary<String> host = Arbitraries.strings().ofMinLength(0).ofMaxLength(127).withCharRange('!', '~');
        Arbitrary<String> label = Arbitraries.strings().ofMinLength(0).ofMaxLength(119).withCharRange('!', '~');
        Arbitrary<Integer> sector = Arbitraries.of(512, 1024, 2048, 4096, 8192, 65536);
        return Combinators.combine(Arbitraries.longs(), host, label, sector, Arbitraries.integers())
                .as(QuorumHeader::new);
    }

    @Property(tries = 300)
    void statusBlocksRoundTrip(@ForAll("blocks") StatusBlock block, @ForAll("slots") int slot,
            @ForAll @IntRange(min = 0, max = 32 + 80 - 1) int byteIndex, @ForAll @IntRange(max = 7) int bit) {
        byte[] bytes = QdiskLayout.encodeStatus(block, slot);
        assertEquals(slot, bytes.length);
        assertEquals(new Decoded.Ok<>(block), QdiskLayout.decodeStatus(bytes));
        bytes[byteIndex] ^= (byte) (1 << bit);
        assertTrue(QdiskLayout.decodeStatus(bytes) instanceof Decoded.Invalid<StatusBlock>, "flipped " + byteIndex);
    }

    @Property(tries = 300)
    void headersRoundTrip(@ForAll("headers") QuorumHeader header, @ForAll("slots") int slot,
            @ForAll @IntRange(min = 0, max = 32 + 272 - 1) int byteIndex, @ForAll @IntRange(max = 7) int bit) {
        byte[] bytes = QdiskLayout.encodeHeader(header, slot);
        assertEquals(new Decoded.Ok<>(header), QdiskLayout.decodeHeader(bytes));
        bytes[byteIndex] ^= (byte) (1 << bit);
        assertTrue(QdiskLayout.decodeHeader(bytes) instanceof Decoded.Invalid<QuorumHeader>, "flipped " + byteIndex);
    }

    @Provide
    Arbitrary<Integer> slots() {
        return Arbitraries.of(4096, 8192, 65536);
    }
}
