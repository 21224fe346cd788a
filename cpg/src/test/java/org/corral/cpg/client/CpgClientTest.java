package org.corral.cpg.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.CpgConfig;
import org.corral.cpg.core.CpgEngine;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.FakeTotem;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.Reason;
import org.corral.cpg.wire.CpgCodec;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.junit.jupiter.api.Test;

/** The libcpg API end to end: CpgClient, IPC frames, loopback servers, engines, fake totem. */
class CpgClientTest {
    /** Three loopback CPG services over one fake totem. */
    static final class LoopbackCluster {
        private final Random random = new Random(11);
        final TreeMap<NodeId, LoopbackCpgServer> servers = new TreeMap<>();
        final FakeTotem totem;

        LoopbackCluster(int queueMax) {
            totem = new FakeTotem((node, event, step) -> servers.get(node).onTotemEvent(event), queueMax);
            for (int i = 1; i <= 3; i++) {
                NodeId node = NodeId.of(i);
                servers.put(node, new LoopbackCpgServer(
                        new CpgEngine(CpgConfig.defaults(), node, totem.port(node), CpgCodec.INSTANCE)));
                totem.start(node);
            }
            totem.partition(List.of(totem.upNodes()));
            settle();
        }

        void settle() {
            for (int i = 0; i < 10_000; i++) {
                servers.values().forEach(LoopbackCpgServer::flush);
                if (!totem.deliverOne(random)) {
                    return;
                }
            }
            throw new AssertionError("did not settle");
        }

        CpgClient client(int node, int pid, CpgCallbacks callbacks) throws CpgException {
            return CpgClient.initialize(servers.get(NodeId.of(node)).connect(), pid, callbacks);
        }
    }

    private final LoopbackCluster cluster = new LoopbackCluster(64);
    private final TreeMap<NodeId, LoopbackCpgServer> servers = cluster.servers;
    private final FakeTotem totem = cluster.totem;

    private void settle() {
        cluster.settle();
    }

    /** Records every callback as a line. */
    static final class Recorder implements CpgCallbacks {
        final List<String> lines = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        List<ProcessId> members = List.of();
        List<CpgAddress> left = List.of();
        RingId ring;

        public void deliver(GroupName group, ProcessId sender, byte[] message) {
            messages.add(sender + ":" + new String(message));
        }

        public void confchg(GroupName group, List<ProcessId> members, List<CpgAddress> left, List<CpgAddress> joined) {
            this.members = members;
            this.left = left;
            lines.add(group + " " + members + " left " + left + " joined " + joined);
        }

        public void totemConfchg(RingId ring, List<NodeId> members) {
            this.ring = ring;
        }

        public boolean wantsTotemConfchg() {
            return true;
        }
    }

    private CpgClient client(int node, int pid, Recorder recorder) throws CpgException {
        return cluster.client(node, pid, recorder);
    }

    @Test
    void threeProcessesJoinMulticastAndAgree() throws Exception {
        Recorder[] recorders = {new Recorder(), new Recorder(), new Recorder()};
        List<CpgClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(client(i + 1, 100 + i, recorders[i]));
            assertEquals(CsError.OK, clients.get(i).join("demo"));
        }
        settle();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(CsError.OK, clients.get(i).mcast(("m" + round + "." + i).getBytes()));
            }
        }
        settle();
        List<ProcessId> all = List.of(ProcessId.of(1, 100), ProcessId.of(2, 101), ProcessId.of(3, 102));
        for (int i = 0; i < 3; i++) {
            assertTrue(clients.get(i).dispatch(DispatchMode.ALL) > 0);
            assertEquals(all, recorders[i].members);
            assertEquals(15, recorders[i].messages.size());
            assertEquals(recorders[0].messages, recorders[i].messages);
            assertEquals(totem.ringOf(NodeId.of(1)), recorders[i].ring);
            assertEquals(all, clients.get(i).membershipGet("demo"));
            assertEquals(NodeId.of(i + 1), clients.get(i).localGet());
            assertEquals(all, clients.get(i).groups().get(GroupName.of("demo")));
            assertEquals(CpgConfig.MESSAGE_BYTES_MAX_DEFAULT, clients.get(i).maxMessageBytes());
        }
        assertEquals(0, clients.get(0).dispatch(DispatchMode.ALL));
    }

    @Test
    void dispatchOneRunsOneCallback() throws Exception {
        Recorder recorder = new Recorder();
        CpgClient client = client(1, 10, recorder);
        assertEquals(CsError.OK, client.join("one"));
        settle();
        assertTrue(client.hasPendingCallbacks());
        int ran = 0;
        while (client.dispatch(DispatchMode.ONE) == 1) {
            ran++;
        }
        assertEquals(2, ran, "the initial ring callback and the join confchg");
    }

    @Test
    void closingAClientGivesProcdownToTheOthers() throws Exception {
        Recorder watcher = new Recorder();
        CpgClient a = client(1, 10, watcher);
        CpgClient b = client(2, 20, new Recorder());
        a.join("g");
        b.join("g");
        settle();
        b.close();
        settle();
        a.dispatch(DispatchMode.ALL);
        assertEquals(List.of(new CpgAddress(ProcessId.of(2, 20), Reason.PROCDOWN)), watcher.left);
        CpgException e = assertThrows(CpgException.class, () -> b.mcast(new byte[1]));
        assertEquals(CsError.ERR_BAD_HANDLE, e.error());
    }

    @Test
    void aFullTotemQueueGivesTryAgainThroughTheLibrary() throws Exception {
        LoopbackCluster small = new LoopbackCluster(2);
        CpgClient client = small.client(1, 10, new Recorder());
        client.join("g");
        small.settle();
        assertEquals(CsError.OK, client.mcast(new byte[1]));
        assertEquals(CsError.OK, client.mcast(new byte[1]));
        assertEquals(CsError.ERR_TRY_AGAIN, client.mcast(new byte[1]));
        small.settle();
        assertEquals(CsError.OK, client.mcast(new byte[1]));
    }

    @Test
    void badArgumentsAnswerLibcpgErrors() throws Exception {
        CpgClient client = client(1, 10, new Recorder());
        assertEquals(CsError.ERR_NAME_TOO_LONG, client.join("x".repeat(129)));
        assertEquals(CsError.ERR_INVALID_PARAM, client.join(""));
        assertEquals(CsError.ERR_INVALID_PARAM, client.mcast(null));
        assertEquals(CsError.ERR_NOT_EXIST, client.leave("never"));
        assertEquals(CsError.ERR_NOT_EXIST, client.mcast(new byte[1]), "not joined");
        assertEquals(CsError.OK, client.join("big"));
        assertEquals(CsError.ERR_TOO_BIG, client.mcast(new byte[CpgConfig.MESSAGE_BYTES_MAX_DEFAULT + 1]));
        assertThrows(CpgException.class, () -> CpgClient.initialize(servers.get(NodeId.of(1)).connect(), 0, new Recorder()));
    }

    @Test
    void requestsBeforeInitializeAndGarbageAreRefused() throws Exception {
        CpgTransport raw = servers.get(NodeId.of(1)).connect();
        raw.write(IpcCodec.encode(1, new IpcMessage.Join(GroupName.of("g"))));
        ByteBuffer in = ByteBuffer.allocate(1024);
        raw.read(in, false);
        assertEquals(new IpcMessage.Status(CsError.ERR_BAD_HANDLE), IpcCodec.decode(in.flip()).message());
        assertThrows(IOException.class, () -> raw.write(new byte[] {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        assertEquals(-1, raw.read(ByteBuffer.allocate(16), false), "the server closed the connection");

        CpgTransport confused = servers.get(NodeId.of(1)).connect();
        assertThrows(IOException.class, () -> confused.write(IpcCodec.encode(1, new IpcMessage.Status(CsError.OK))));
    }
}
