package org.corral.tools.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.Reason;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;
import org.corral.tools.daemon.LocalCluster;
import org.corral.tools.daemon.MemberProcessMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real corrald and hostile clients on its socket: truncated, oversized and garbage frames,
 * unknown commands and services, and a client that never reads. After each, the daemon still
 * answers, and the bad connection is the only one that paid.
 */
class IpcRobustnessTest {
    @TempDir
    static Path dir;
    static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(dir, 1);
        cluster.startAll();
        cluster.awaitRing(1, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    private static SocketChannel raw() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(cluster.socket(1)));
        return channel;
    }

    /** True when the daemon closes {@code channel} within the bound (reads return -1). */
    private static boolean closedByDaemon(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + LocalCluster.WAIT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            sink.clear();
            try {
                if (channel.read(sink) < 0) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static long closedCount() throws IOException {
        try (ControlClient client = ControlClient.connect(cluster.socket(1))) {
            ControlFrames.Reply reply = client.call(Service.CMAP, "get", List.of("runtime.connections.closed"));
            assertTrue(reply.ok(), reply.lines().toString());
            return Long.parseLong(reply.lines().get(0).split("\t")[2]);
        }
    }

    private static void assertStillServing() throws IOException {
        try (ControlClient client = ControlClient.connect(cluster.socket(1))) {
            ControlFrames.Reply reply = client.call(Service.CFG, "local", List.of());
            assertTrue(reply.ok());
            assertEquals("nodeid\t1", reply.lines().get(0));
        }
    }

    @Test
    void truncatedFrameThenVanish() throws Exception {
        byte[] frame = IpcCodec.encode(1, new IpcMessage.Join(GroupName.of("half")));
        try (SocketChannel channel = raw()) {
            channel.write(ByteBuffer.wrap(frame, 0, frame.length / 2));
        }
        assertStillServing();
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() throws Exception {
        try (SocketChannel channel = raw()) {
            channel.write(ByteBuffer.allocate(8).putInt(0x7fff_fff0).putInt(0).flip());
            assertTrue(closedByDaemon(channel), "the daemon kept a connection that announced a 2 GB frame");
        }
        assertStillServing();
    }

    @Test
    void garbageMagicClosesTheConnection() throws Exception {
        try (SocketChannel channel = raw()) {
            channel.write(ByteBuffer.allocate(20).putInt(16).putLong(0xDEADBEEFL).putLong(42).flip());
            assertTrue(closedByDaemon(channel));
        }
        assertStillServing();
    }

    @Test
    void undecodableCpgFrameClosesTheConnection() throws Exception {
        try (SocketChannel channel = raw()) {
            // CPG magic and version, kind 99: no such request.
            channel.write(ByteBuffer.allocate(16).putInt(12).putShort((short) IpcCodec.MAGIC).put((byte) 1).put((byte) 99)
                    .putLong(7).flip());
            assertTrue(closedByDaemon(channel));
        }
        assertStillServing();
    }

    @Test
    void unknownCommandsAreAnsweredNotFatal() throws Exception {
        try (ControlClient client = ControlClient.connect(cluster.socket(1))) {
            ControlFrames.Reply unknown = client.call(Service.CMAP, "frobnicate", List.of("x"));
            assertEquals(ControlService.Answer.ERR_NOT_SUPPORTED, unknown.status());
            ControlFrames.Reply notRunning = client.call(Service.RGMANAGER, "status", List.of());
            assertEquals(ControlService.Answer.ERR_NOT_SUPPORTED, notRunning.status());
            ControlFrames.Reply missing = client.call(Service.CMAP, "get", List.of("no.such.key"));
            assertEquals(ControlService.Answer.ERR_NOT_EXIST, missing.status());
            assertTrue(client.call(Service.CMAP, "set", List.of("test.key", "v")).ok(), "root may set");
            assertEquals("test.key\tstr\tv", client.call(Service.CMAP, "get", List.of("test.key")).lines().get(0));
            assertEquals(ControlService.Answer.ERR_INVALID_PARAM,
                    client.call(Service.CMAP, "set", List.of("runtime.x", "1")).status());
        }
    }

    @Test
    void clientThatNeverReadsIsDisconnected() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MemberProcessMain.class.getName(),
                cluster.socket(1).toString(), "flood", "noread").redirectErrorStream(true).start();
        try (UnixSocketTransport transport = UnixSocketTransport.connect(cluster.socket(1));
             org.corral.tools.daemon.TestMemberAccess sender = new org.corral.tools.daemon.TestMemberAccess(cluster.socket(1))) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("JOINED"), "member process said: " + line);
            ProcessId silent = ProcessId.of(1, (int) child.pid());
            sender.join("flood");
            byte[] big = new byte[60 * 1024];
            long deadline = System.nanoTime() + LocalCluster.WAIT_MS * 1_000_000L;
            while (!sender.sawLeft(silent, Reason.PROCDOWN)) {
                assertTrue(System.nanoTime() < deadline, "the silent client was never dropped\n" + cluster.logs());
                sender.sendBytes(big);
                sender.dispatch();
            }
            assertTrue(child.isAlive(), "the silent client was dropped, not killed");
            String log = java.nio.file.Files.readString(cluster.root(1).resolve("var/log/cluster/corosync.log"));
            assertTrue(log.contains("[" + child.pid() + "] disconnected: not reading"),
                    "the daemon did not say why it dropped the client:\n" + log);
            assertStillServing();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
