package org.corral.cpg.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.corral.cpg.core.CpgEffect;
import org.corral.cpg.core.CpgEngine;
import org.corral.cpg.wire.CpgIpcHandler;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.MalformedFrameException;
import org.corral.totem.core.TotemEvent;

/**
 * One node's CPG service in memory, for tests and the simulator: {@link CpgClient}s connect
 * through {@link #connect()} and talk the real IPC frames to a {@link CpgIpcHandler}. Single
 * threaded: whoever drives the engine's totem events (through {@link #onTotemEvent}) also drives
 * the clients. A blocking read with nothing to read is a deadlock in one thread and fails at once.
 */
public final class LoopbackCpgServer {
    private final CpgEngine engine;
    private final CpgIpcHandler handler;
    private final TreeMap<Long, Connection> connections = new TreeMap<>();
    private final List<CpgEffect.Log> logs = new ArrayList<>();
    private long nextConnection = 1;

    public LoopbackCpgServer(CpgEngine engine) {
        this.engine = engine;
        this.handler = new CpgIpcHandler(engine);
    }

    public CpgEngine engine() {
        return engine;
    }

    /** A new client connection. */
    public CpgTransport connect() {
        Connection connection = new Connection(nextConnection++);
        connections.put(connection.id, connection);
        return connection;
    }

    /** Feeds a totem event to the engine and routes the callbacks it produces. */
    public void onTotemEvent(TotemEvent event) {
        engine.onTotemEvent(event);
        pump();
    }

    /** Lets the engine retry its outbox and routes what that produces. */
    public void flush() {
        engine.flush();
        pump();
    }

    /** Log lines so far (the daemon would write them with the "[CPG   ]" tag). */
    public List<CpgEffect.Log> takeLogs() {
        List<CpgEffect.Log> taken = List.copyOf(logs);
        logs.clear();
        return taken;
    }

    private void pump() {
        CpgIpcHandler.Routed routed = handler.route(engine.takeEffects());
        logs.addAll(routed.logs());
        routed.frames().forEach((id, frames) -> {
            Connection connection = connections.get(id);
            if (connection != null) {
                frames.forEach(connection::push);
            }
        });
    }

    private final class Connection implements CpgTransport {
        final long id;
        private ByteBuffer toServer = ByteBuffer.allocate(256);
        /** Frames for the client, the head possibly partly read. */
        private final ArrayDeque<ByteBuffer> toClient = new ArrayDeque<>();
        private boolean open = true;

        Connection(long id) {
            this.id = id;
        }

        void push(byte[] frame) {
            toClient.addLast(ByteBuffer.wrap(frame));
        }

        @Override
        public void write(byte[] frame) throws IOException {
            if (!open) {
                throw new IOException("connection closed");
            }
            toServer = ensure(toServer, frame.length);
            toServer.put(frame);
            try {
                while (true) {
                    IpcCodec.Frame decoded = IpcCodec.decode(toServer.flip());
                    toServer.compact();
                    if (decoded == null) {
                        break;
                    }
                    push(handler.handle(id, decoded, 0));
                    pump();
                }
            } catch (MalformedFrameException e) {
                close();
                throw new IOException("the server closed the connection: " + e.getMessage());
            }
        }

        @Override
        public int read(ByteBuffer into, boolean block) throws IOException {
            if (toClient.isEmpty()) {
                if (!open) {
                    return -1;
                }
                if (block) {
                    throw new IOException("loopback read would block forever in one thread");
                }
                return 0;
            }
            int count = 0;
            while (!toClient.isEmpty() && into.hasRemaining()) {
                ByteBuffer head = toClient.peekFirst();
                int part = Math.min(into.remaining(), head.remaining());
                into.put(into.position(), head, head.position(), part);
                into.position(into.position() + part);
                head.position(head.position() + part);
                count += part;
                if (!head.hasRemaining()) {
                    toClient.pollFirst();
                }
            }
            return count;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                connections.remove(id);
                handler.connectionClosed(id);
                pump();
            }
        }

        private ByteBuffer ensure(ByteBuffer buffer, int bytes) {
            if (buffer.remaining() >= bytes) {
                return buffer;
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            bigger.put(buffer);
            return bigger;
        }
    }
}
