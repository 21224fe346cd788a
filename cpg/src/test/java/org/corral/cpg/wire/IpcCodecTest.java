package org.corral.cpg.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.Reason;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.junit.jupiter.api.Test;

/** The IPC frames: round trips of every kind, partial frames wait, garbage is refused with a reason. */
class IpcCodecTest {
    private static final GroupName G = GroupName.of("rgmanager");
    private static final ProcessId P1 = ProcessId.of(1, 100);
    private static final ProcessId P2 = ProcessId.of(2, 200);

    private static List<IpcMessage> everyKind() {
        TreeMap<GroupName, List<ProcessId>> groups = new TreeMap<>();
        groups.put(G, List.of(P1, P2));
        groups.put(GroupName.of("dlm:controld"), List.of(P2));
        return List.of(
                new IpcMessage.Initialize(4242, true), new IpcMessage.Finalize(), new IpcMessage.Join(G),
                new IpcMessage.Leave(G), new IpcMessage.Mcast(new byte[] {9, 8, 7}), new IpcMessage.MembershipGet(G),
                new IpcMessage.LocalGet(), new IpcMessage.IterateGroups(), new IpcMessage.MaxMessageSizeGet(),
                new IpcMessage.Status(CsError.ERR_TRY_AGAIN), new IpcMessage.Members(CsError.OK, List.of(P1, P2)),
                new IpcMessage.Local(CsError.OK, NodeId.of(3)), new IpcMessage.Groups(CsError.OK, groups),
                new IpcMessage.Size(CsError.OK, 1 << 20), new IpcMessage.Deliver(G, P2, new byte[] {1}),
                new IpcMessage.ConfChg(G, List.of(P1), List.of(new CpgAddress(P2, Reason.NODEDOWN)), List.of()),
                new IpcMessage.TotemConfChg(new RingId(NodeId.of(1), 12), List.of(NodeId.of(1), NodeId.of(3))));
    }

    @Test
    void everyKindRoundTripsAndCallbacksCarryRequestIdZero() throws Exception {
        for (IpcMessage message : everyKind()) {
            IpcCodec.Frame frame = IpcCodec.decode(ByteBuffer.wrap(IpcCodec.encode(77, message)));
            assertEquals(message, frame.message());
            assertEquals(message instanceof IpcMessage.Callback ? 0 : 77, frame.requestId());
        }
    }

    @Test
    void aFrameArrivingByteByByteDecodesOnceComplete() throws Exception {
        byte[] bytes = IpcCodec.encode(5, new IpcMessage.Join(G));
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int i = 0; i < bytes.length - 1; i++) {
            buffer.put(bytes[i]);
            buffer.flip();
            assertNull(IpcCodec.decode(buffer));
            assertEquals(0, buffer.position(), "a partial frame is not consumed");
            buffer.position(buffer.limit()).limit(buffer.capacity());
        }
        buffer.put(bytes[bytes.length - 1]).flip();
        assertEquals(new IpcMessage.Join(G), IpcCodec.decode(buffer).message());
        assertEquals(bytes.length, buffer.position());
    }

    @Test
    void garbageIsRefusedWithAReason() {
        byte[] join = IpcCodec.encode(5, new IpcMessage.Join(G));
        assertMalformed(ByteBuffer.allocate(4).putInt(IpcCodec.FRAME_BYTES_MAX).array(), "frame length");
        assertMalformed(ByteBuffer.allocate(4).putInt(-1).array(), "frame length");
        assertMalformed(ByteBuffer.allocate(4).putInt(3).array(), "frame length");
        assertMalformed(patch(join, 4, 0), "magic");
        assertMalformed(patch(join, 6, 2), "version");
        assertMalformed(patch(join, 7, 99), "unknown frame kind");
        byte[] members = IpcCodec.encode(1, new IpcMessage.Members(CsError.OK, List.of(P1)));
        assertMalformed(patch(members, 20, 0x7f), "does not fit");
        assertMalformed(patch(members, 19, 99), "error code");
        byte[] init = IpcCodec.encode(1, new IpcMessage.Initialize(3, false));
        assertMalformed(patch(init, 20, 5), "flags");
        byte[] longer = ByteBuffer.allocate(join.length + 1).putInt(join.length - 3)
                .put(join, 4, join.length - 4).put((byte) 0).array();
        assertMalformed(longer, "trailing");
    }

    @Property(tries = 2000)
    void randomFramesNeverEscapeAsAnythingButMalformed(@ForAll @Size(max = 80) byte[] body) {
        ByteBuffer frame = ByteBuffer.allocate(4 + 4 + body.length).putInt(4 + body.length)
                .putShort((short) IpcCodec.MAGIC).put((byte) 1).put((byte) (body.length > 0 ? body[0] : 1)).put(body);
        try {
            IpcCodec.Frame decoded = IpcCodec.decode(frame.flip());
            assertTrue(decoded == null || decoded.message() != null);
        } catch (MalformedFrameException expected) {
            assertTrue(!expected.getMessage().isEmpty());
        }
    }

    private static byte[] patch(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static void assertMalformed(byte[] bytes, String reason) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> IpcCodec.decode(ByteBuffer.wrap(bytes)));
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " should mention " + reason);
    }
}
