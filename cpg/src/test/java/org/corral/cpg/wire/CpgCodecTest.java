package org.corral.cpg.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.corral.cpg.core.CpgMessage;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.MalformedPayloadException;
import org.corral.cpg.core.Reason;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.junit.jupiter.api.Test;

/** The totem payload codec: exact round trips, and every kind of bad input refused with a reason. */
class CpgCodecTest {
    private final CpgCodec codec = CpgCodec.INSTANCE;

    private CpgMessage roundTrip(CpgMessage message) throws MalformedPayloadException {
        return codec.decode(codec.encode(message));
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        GroupName group = GroupName.of("fenced:default");
        assertEquals(new CpgMessage.ProcJoin(group, 42), roundTrip(new CpgMessage.ProcJoin(group, 42)));
        assertEquals(new CpgMessage.ProcLeave(group, 42, Reason.PROCDOWN), roundTrip(new CpgMessage.ProcLeave(group, 42, Reason.PROCDOWN)));
        assertEquals(new CpgMessage.Mcast(group, 7, new byte[] {1, 2, 3}), roundTrip(new CpgMessage.Mcast(group, 7, new byte[] {1, 2, 3})));
        List<CpgMessage.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= CpgMessage.JOIN_LIST_CHUNK_ENTRIES_MAX; i++) {
            entries.add(new CpgMessage.Entry(GroupName.of("g".repeat(128)), i));
        }
        CpgMessage.JoinList list = new CpgMessage.JoinList(new RingId(NodeId.of(3), 1L << 40), 2, true, entries);
        byte[] bytes = codec.encode(list);
        assertEquals(codec.joinListChunkBytesMax(), bytes.length, "a full chunk is exactly the advertised maximum");
        assertEquals(list, codec.decode(bytes));
        assertEquals(codec.mcastOverheadBytesMax() + 10,
                codec.encode(new CpgMessage.Mcast(GroupName.of("n".repeat(128)), 1, new byte[10])).length);
    }

    @Test
    void unicodeGroupNamesCountBytesNotCharacters() throws Exception {
        GroupName name = GroupName.of("é".repeat(64));
        assertEquals(new CpgMessage.ProcJoin(name, 1), roundTrip(new CpgMessage.ProcJoin(name, 1)));
        assertThrows(IllegalArgumentException.class, () -> GroupName.of("é".repeat(65)));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        byte[] good = codec.encode(new CpgMessage.ProcJoin(GroupName.of("g"), 5));
        assertMalformed(new byte[0], "truncated");
        assertMalformed(new byte[] {(byte) 0xC9, (byte) 0xC6, 1}, "truncated");
        assertMalformed(patch(good, 0, (byte) 0), "magic");
        assertMalformed(patch(good, 2, (byte) 9), "version");
        assertMalformed(patch(good, 3, (byte) 77), "unknown message type");
        assertMalformed(patch(good, 4, (byte) 0), "group name length");
        assertMalformed(patch(good, 5, (byte) 0), "NUL");
        assertMalformed(patch(good, 5, (byte) 0xff), "UTF-8");
        assertMalformed(patch(good, 9, (byte) 0), "pid");
        assertMalformed(patch(good, 13, (byte) 3), "reason");
        assertMalformed(ByteBuffer.allocate(good.length + 1).put(good).array(), "trailing");
        byte[] mcast = codec.encode(new CpgMessage.Mcast(GroupName.of("g"), 5, new byte[4]));
        assertMalformed(patch(mcast, 13, (byte) 9), "length");
        assertThrows(MalformedPayloadException.class, () -> codec.decode(null));
    }

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnythingButMalformed(@ForAll @Size(max = 64) byte[] noise) {
        byte[] framed = ByteBuffer.allocate(4 + noise.length).putShort((short) CpgCodec.MAGIC).put((byte) 1)
                .put((byte) (noise.length % 5)).put(noise).array();
        for (byte[] candidate : List.of(noise, framed)) {
            try {
                CpgMessage message = codec.decode(candidate);
                assertArrayEquals(candidate, codec.encode(message), "a decoded message re-encodes to the same bytes");
            } catch (MalformedPayloadException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            }
        }
    }

    private static byte[] patch(byte[] bytes, int at, byte value) {
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }

    private void assertMalformed(byte[] bytes, String reason) {
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " should mention " + reason);
    }
}
