package org.corral.tools.ipc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.corral.cpg.core.CpgEffect;
import org.corral.cpg.core.CsError;
import org.corral.cpg.wire.CpgIpcHandler;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;
import org.corral.cpg.wire.MalformedFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine-loop half of the IPC server: it owns every connection's protocol state. Frames
 * arrive whole from {@link IpcServer}; a frame with the CPG magic goes to the CPG handler, one
 * with the control magic to the {@link ControlService} of its namespace, anything else closes the
 * connection. Output for a connection is gathered while the loop works and written once per
 * loop task ({@link #flushOutput}), so a burst of deliveries costs one socket write.
 *
 * <p>Only the engine loop calls this class (its contract with {@link IpcServer} and the daemon).
 */
public final class IpcDispatcher {
    static final AttributeKey<String> CLOSE_REASON = AttributeKey.valueOf("corral.close.reason");
    private static final Logger LOG = LoggerFactory.getLogger("MAIN");

    /** One client connection; counters are the runtime.connections.* keys. */
    public static final class Connection {
        final Peer peer;
        final Channel channel;
        final String name;
        Service service;
        long requests;
        long responses;
        long dispatched;
        boolean closed;
        ByteArrayOutputStream pending;

        Connection(Peer peer, Channel channel) {
            this.peer = peer;
            this.channel = channel;
            this.name = processName(peer.pid());
        }

        public Peer peer() {
            return peer;
        }
    }

    private final CpgIpcHandler cpg;
    private final Map<Service, ControlService> services = new EnumMap<>(Service.class);
    private final TreeMap<Long, Connection> connections = new TreeMap<>();
    private final LinkedHashSet<Connection> dirty = new LinkedHashSet<>();
    private long closedTotal;
    private long malformedTotal;
    private long refusedTotal;

    public IpcDispatcher(CpgIpcHandler cpg) {
        this.cpg = cpg;
    }

    /** Plugs in a namespace; a later engine (quorum, fence) adds itself the same way. */
    public void register(ControlService service) {
        if (service.service() == Service.CPG || services.putIfAbsent(service.service(), service) != null) {
            throw new IllegalArgumentException("service " + service.service() + " cannot be registered twice or over CPG");
        }
    }

    void opened(Connection connection) {
        connections.put(connection.peer.connection(), connection);
    }

    void closed(Connection connection, String reason) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        connections.remove(connection.peer.connection());
        dirty.remove(connection);
        closedTotal++;
        if (connection.service == Service.CPG) {
            cpg.connectionClosed(connection.peer.connection());
        }
        for (ControlService service : services.values()) {
            service.connectionClosed(connection.peer.connection());
        }
        if (reason != null) {
            LOG.warn("IPC client {}[{}] disconnected: {}", connection.name, connection.peer.pid(), reason);
        }
    }

    void frames(Connection connection, List<byte[]> frames) {
        for (byte[] frame : frames) {
            if (connection.closed) {
                return;
            }
            connection.requests++;
            int magic = ControlFrames.magicOf(ByteBuffer.wrap(frame));
            try {
                if (magic == IpcCodec.MAGIC) {
                    cpgFrame(connection, frame);
                } else if (magic == ControlFrames.MAGIC) {
                    controlFrame(connection, frame);
                } else {
                    drop(connection, String.format("bad magic 0x%04x", magic));
                }
            } catch (IllegalArgumentException e) {
                // A request the codecs or the engine refuse as an argument (an answer too large to
                // frame, a value out of range) costs the client its connection, never the daemon.
                // Broken invariants (IllegalStateException) still stop the node, on purpose.
                drop(connection, "refused request: " + e.getMessage());
            }
        }
    }

    private void cpgFrame(Connection connection, byte[] bytes) {
        IpcCodec.Frame frame;
        try {
            frame = IpcCodec.decode(ByteBuffer.wrap(bytes));
            if (frame == null) {
                throw new MalformedFrameException("frame shorter than its length field");
            }
            connection.service = Service.CPG;
            byte[] answer;
            IpcMessage message = frame.message();
            if (!connection.peer.privileged() && (message instanceof IpcMessage.Join || message instanceof IpcMessage.Leave
                    || message instanceof IpcMessage.Mcast)) {
                refusedTotal++;
                answer = IpcCodec.encode(frame.requestId(), new IpcMessage.Status(CsError.ERR_ACCESS));
            } else {
                answer = cpg.handle(connection.peer.connection(), frame, connection.peer.pid());
            }
            send(connection, answer);
            connection.responses++;
        } catch (MalformedFrameException e) {
            drop(connection, "malformed CPG frame: " + e.getMessage());
        }
    }

    private void controlFrame(Connection connection, byte[] bytes) {
        ControlFrames.Request request;
        try {
            request = ControlFrames.decodeRequest(bytes);
        } catch (ControlFrames.Malformed e) {
            drop(connection, "malformed control frame: " + e.getMessage());
            return;
        }
        if (connection.service == null) {
            connection.service = request.service();
        }
        ControlService service = services.get(request.service());
        ControlService.Answer answer;
        if (service == null) {
            answer = ControlService.Answer.error(ControlService.Answer.ERR_NOT_SUPPORTED,
                    "service " + request.service().name().toLowerCase(java.util.Locale.ROOT) + " is not running");
        } else if (service.changes(request.command()) && !connection.peer.privileged()) {
            refusedTotal++;
            answer = ControlService.Answer.error(ControlService.Answer.ERR_ACCESS,
                    "permission denied: only root or the admin group may " + request.command());
        } else {
            answer = service.handle(connection.peer, request.command(), request.arguments());
        }
        byte[] reply;
        try {
            reply = ControlFrames.encode(new ControlFrames.Reply(request.requestId(), request.service(), answer.status(),
                    answer.lines()));
        } catch (IllegalArgumentException e) {
            reply = ControlFrames.encode(new ControlFrames.Reply(request.requestId(), request.service(),
                    ControlService.Answer.ERR_INVALID_PARAM, List.of("answer too large: " + e.getMessage())));
        }
        send(connection, reply);
        connection.responses++;
    }

    private void drop(Connection connection, String reason) {
        malformedTotal++;
        connection.channel.close();
        closed(connection, reason);
    }

    /** Turns the CPG engine's effects into callbacks on their connections; returns the log lines. */
    public List<CpgEffect.Log> routeCpg(List<CpgEffect> effects) {
        if (effects.isEmpty()) {
            return List.of();
        }
        CpgIpcHandler.Routed routed = cpg.route(effects);
        routed.frames().forEach((id, frames) -> {
            Connection connection = connections.get(id);
            if (connection != null) {
                for (byte[] frame : frames) {
                    send(connection, frame);
                    connection.dispatched++;
                }
            }
        });
        return routed.logs();
    }

    private void send(Connection connection, byte[] frame) {
        if (connection.pending == null) {
            connection.pending = new ByteArrayOutputStream(Math.max(256, frame.length));
        }
        connection.pending.writeBytes(frame);
        dirty.add(connection);
    }

    /** Sends a notification frame to an open connection (the services' {@link ControlService.Notifier}). */
    private void sendNotification(long id, Service service, List<String> lines) {
        Connection connection = connections.get(id);
        if (connection == null || connection.closed) {
            return;
        }
        byte[] frame;
        try {
            frame = ControlFrames.encode(new ControlFrames.Reply(ControlFrames.NOTIFICATION_ID, service,
                    ControlService.Answer.OK, lines));
        } catch (IllegalArgumentException e) {
            drop(connection, "notification too large: " + e.getMessage());
            return;
        }
        send(connection, frame);
        connection.dispatched++;
    }

    /**
     * Writes what each connection gathered during this loop task: one write per connection. The
     * services' notifications are gathered first, so they leave in the same write.
     */
    public void flushOutput() {
        for (ControlService service : services.values()) {
            service.poll(this::sendNotification);
        }
        for (Connection connection : dirty) {
            byte[] bytes = connection.pending.toByteArray();
            connection.pending = null;
            connection.channel.writeAndFlush(Unpooled.wrappedBuffer(bytes), connection.channel.voidPromise());
        }
        dirty.clear();
    }

    /** runtime.connections.* as corosync-objctl printed them. */
    public Map<String, String> runtimeKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("runtime.connections.active", Integer.toString(connections.size()));
        keys.put("runtime.connections.closed", Long.toString(closedTotal));
        keys.put("runtime.connections.malformed", Long.toString(malformedTotal));
        keys.put("runtime.connections.refused", Long.toString(refusedTotal));
        for (Connection c : connections.values()) {
            String prefix = "runtime.connections." + c.name + ":" + c.peer.pid() + ":" + c.peer.connection() + ".";
            keys.put(prefix + "service_id", Integer.toString(c.service == null ? 0 : c.service.id()));
            keys.put(prefix + "client_pid", Integer.toString(c.peer.pid()));
            keys.put(prefix + "requests", Long.toString(c.requests));
            keys.put(prefix + "responses", Long.toString(c.responses));
            keys.put(prefix + "dispatched", Long.toString(c.dispatched));
            keys.put(prefix + "uid", Integer.toString(c.peer.uid()));
        }
        return keys;
    }

    /** The CPG connections' pids by connection, for corosync-cpgtool. */
    public List<Peer> peers() {
        List<Peer> peers = new ArrayList<>();
        connections.values().forEach(c -> peers.add(c.peer));
        return peers;
    }

    /** The name corosync printed for a client: its command (/proc/pid/comm), or "client". */
    static String processName(int pid) {
        try {
            String comm = Files.readString(Path.of("/proc/" + pid + "/comm"), StandardCharsets.UTF_8).strip();
            return comm.isEmpty() ? "client" : comm.replaceAll("[^A-Za-z0-9_.-]", "_");
        } catch (IOException | RuntimeException e) {
            return "client";
        }
    }
}
