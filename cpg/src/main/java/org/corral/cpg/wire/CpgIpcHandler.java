package org.corral.cpg.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.cpg.core.CpgEffect;
import org.corral.cpg.core.CpgEngine;
import org.corral.cpg.core.CsError;
import org.corral.cpg.wire.IpcMessage.Request;
import org.corral.cpg.wire.IpcMessage.Response;

/**
 * The daemon side of the CPG IPC protocol, independent of the transport: it answers decoded
 * request frames by calling the engine, and turns the engine's effects into callback frames per
 * connection. A connection id is the engine's client id. The socket server (corrald) and the
 * loopback server both use it; the same thread that drives the engine calls it.
 *
 * <p>What stays with the server: decoding frames as bytes arrive (a partial frame waits, a
 * malformed one closes the connection), bounding each connection's unsent callback bytes and
 * closing a client that stops reading (its process then leaves with PROCDOWN through
 * {@link #connectionClosed}), and checking the peer's credentials before it calls {@link #handle}.
 */
public final class CpgIpcHandler {

    /** Callback frames per connection, in order, and the log lines of the same effects. */
    public record Routed(Map<Long, List<byte[]>> frames, List<CpgEffect.Log> logs) {}

    private final CpgEngine engine;
    private final TreeSet<Long> initialized = new TreeSet<>();

    public CpgIpcHandler(CpgEngine engine) {
        this.engine = engine;
    }

    /**
     * Answers one frame from {@code connection} with the encoded response frame.
     * {@code peerPid}, when positive, is the pid the transport vouches for (SO_PEERCRED) and
     * overrides the one in an Initialize request.
     *
     * @throws MalformedFrameException when the frame is not a request: close the connection
     */
    public byte[] handle(long connection, IpcCodec.Frame frame, int peerPid) throws MalformedFrameException {
        if (!(frame.message() instanceof Request request)) {
            throw new MalformedFrameException("a client sent a non-request frame " + frame.message().getClass().getSimpleName());
        }
        return IpcCodec.encode(frame.requestId(), answer(connection, request, peerPid));
    }

    private Response answer(long connection, Request request, int peerPid) {
        if (request instanceof IpcMessage.Initialize init) {
            if (initialized.contains(connection)) {
                return new IpcMessage.Status(CsError.ERR_EXIST);
            }
            CsError error = engine.connect(connection, peerPid > 0 ? peerPid : init.pid(), init.totemCallbacks());
            if (error == CsError.OK) {
                initialized.add(connection);
            }
            return new IpcMessage.Status(error);
        }
        if (!initialized.contains(connection)) {
            return new IpcMessage.Status(CsError.ERR_BAD_HANDLE);
        }
        if (request instanceof IpcMessage.Finalize) {
            connectionClosed(connection);
            return new IpcMessage.Status(CsError.OK);
        } else if (request instanceof IpcMessage.Join join) {
            return new IpcMessage.Status(engine.join(connection, join.group()));
        } else if (request instanceof IpcMessage.Leave leave) {
            return new IpcMessage.Status(engine.leave(connection, leave.group()));
        } else if (request instanceof IpcMessage.Mcast mcast) {
            return new IpcMessage.Status(engine.mcast(connection, mcast.payload()));
        } else if (request instanceof IpcMessage.MembershipGet get) {
            return new IpcMessage.Members(CsError.OK, engine.membership(get.group()));
        } else if (request instanceof IpcMessage.LocalGet) {
            return new IpcMessage.Local(CsError.OK, engine.self());
        } else if (request instanceof IpcMessage.IterateGroups) {
            return new IpcMessage.Groups(CsError.OK, engine.groups());
        }
        return new IpcMessage.Size(CsError.OK, engine.config().messageBytesMax());
    }

    /** The connection closed (or finalized): its process leaves its group with PROCDOWN. */
    public void connectionClosed(long connection) {
        if (initialized.remove(connection)) {
            engine.disconnect(connection);
        }
    }

    /** Turns effects into callback frames by connection and log lines. */
    public Routed route(List<CpgEffect> effects) {
        Map<Long, List<byte[]>> frames = new TreeMap<>();
        List<CpgEffect.Log> logs = new ArrayList<>();
        for (CpgEffect effect : effects) {
            if (effect instanceof CpgEffect.Log log) {
                logs.add(log);
            } else if (effect instanceof CpgEffect.Deliver d) {
                add(frames, d.clientId(), new IpcMessage.Deliver(d.group(), d.sender(), d.payload()));
            } else if (effect instanceof CpgEffect.ConfChg c) {
                add(frames, c.clientId(), new IpcMessage.ConfChg(c.group(), c.members(), c.left(), c.joined()));
            } else if (effect instanceof CpgEffect.TotemConfChg t) {
                add(frames, t.clientId(), new IpcMessage.TotemConfChg(t.ring(), t.members()));
            }
        }
        return new Routed(frames, logs);
    }

    private static void add(Map<Long, List<byte[]>> frames, long connection, IpcMessage.Callback callback) {
        frames.computeIfAbsent(connection, c -> new ArrayList<>()).add(IpcCodec.encode(0, callback));
    }
}
