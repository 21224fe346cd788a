package org.corral.cpg.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.corral.cpg.core.CpgConfig;
import org.corral.cpg.core.CpgEffect;
import org.corral.cpg.core.CpgEngine;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.TotemPort;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.junit.jupiter.api.Test;

/** The daemon side of IPC on one engine: handshakes, the peer's pid, routing of callbacks. */
class CpgIpcHandlerTest {
    private final List<byte[]> submitted = new ArrayList<>();
    private final CpgEngine engine = new CpgEngine(CpgConfig.defaults(), NodeId.of(4), new TotemPort() {
        public SubmitResult submit(byte[] payload) {
            submitted.add(payload);
            return SubmitResult.ACCEPTED;
        }

        public int payloadBytesMax() {
            return 1 << 20;
        }
    }, CpgCodec.INSTANCE);
    private final CpgIpcHandler handler = new CpgIpcHandler(engine);

    private IpcMessage ask(long connection, IpcMessage.Request request, int peerPid) throws Exception {
        byte[] answer = handler.handle(connection, new IpcCodec.Frame(9, request), peerPid);
        IpcCodec.Frame frame = IpcCodec.decode(ByteBuffer.wrap(answer));
        assertEquals(9, frame.requestId());
        return frame.message();
    }

    /** One-node ring: feed back what the engine submits until it is active. */
    private void deliverSubmitted() {
        RingId ring = engine.ring().orElseThrow();
        while (!submitted.isEmpty()) {
            engine.onTotemEvent(new TotemEvent.Delivered(NodeId.of(4), ring, submitted.remove(0)));
        }
    }

    @Test
    void handshakePeerPidAndRouting() throws Exception {
        List<NodeId> self = List.of(NodeId.of(4));
        engine.onTotemEvent(new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR, new RingId(NodeId.of(4), 8), self, List.of(), self));
        deliverSubmitted();
        assertEquals(new IpcMessage.Status(CsError.ERR_BAD_HANDLE), ask(1, new IpcMessage.Join(GroupName.of("g")), 0));
        assertEquals(new IpcMessage.Status(CsError.OK), ask(1, new IpcMessage.Initialize(55, false), 777));
        assertEquals(new IpcMessage.Status(CsError.ERR_EXIST), ask(1, new IpcMessage.Initialize(55, false), 777));
        assertEquals(new IpcMessage.Status(CsError.OK), ask(1, new IpcMessage.Join(GroupName.of("g")), 0));
        deliverSubmitted();
        assertEquals(new IpcMessage.Members(CsError.OK, List.of(ProcessId.of(4, 777))),
                ask(1, new IpcMessage.MembershipGet(GroupName.of("g")), 0), "the transport's pid wins");
        assertEquals(new IpcMessage.Local(CsError.OK, NodeId.of(4)), ask(1, new IpcMessage.LocalGet(), 0));
        assertEquals(new IpcMessage.Size(CsError.OK, CpgConfig.MESSAGE_BYTES_MAX_DEFAULT), ask(1, new IpcMessage.MaxMessageSizeGet(), 0));
        CpgIpcHandler.Routed routed = handler.route(engine.takeEffects());
        assertEquals(1, routed.frames().get(1L).size());
        IpcMessage confchg = IpcCodec.decode(ByteBuffer.wrap(routed.frames().get(1L).get(0))).message();
        assertEquals(List.of(ProcessId.of(4, 777)), ((IpcMessage.ConfChg) confchg).members());
        assertEquals(true, routed.logs().stream().allMatch(l -> l instanceof CpgEffect.Log));
        assertEquals(new IpcMessage.Status(CsError.OK), ask(1, new IpcMessage.Finalize(), 0));
        assertEquals(new IpcMessage.Status(CsError.ERR_BAD_HANDLE), ask(1, new IpcMessage.Mcast(new byte[1]), 0));
        assertThrows(MalformedFrameException.class,
                () -> handler.handle(2, new IpcCodec.Frame(1, new IpcMessage.Status(CsError.OK)), 0));
    }
}
