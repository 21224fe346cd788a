package org.corral.tools.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * A synchronous client of corrald's control protocol: one request, one reply. Used by the
 * corosync-* commands. Not thread-safe.
 */
public final class ControlClient implements AutoCloseable {
    private final UnixSocketTransport transport;
    /** Notifications that came while a call waited for its answer, at most this many. */
    static final int NOTIFICATIONS_KEPT_MAX = 10_000;

    private final ArrayDeque<ControlFrames.Reply> notifications = new ArrayDeque<>();
    private ByteBuffer inbound = ByteBuffer.allocate(64 * 1024);
    private long nextRequestId = 1;

    private ControlClient(UnixSocketTransport transport) {
        this.transport = transport;
    }

    public static ControlClient connect(Path socket) throws IOException {
        return new ControlClient(UnixSocketTransport.connect(socket));
    }

    public static ControlClient connect(Path socket, long waitMs) throws IOException {
        return new ControlClient(UnixSocketTransport.connect(socket, waitMs));
    }

    /**
     * Sends one request and waits (bounded) for its reply. Notifications that arrive meanwhile are
     * kept for {@link #nextNotification}.
     */
    public ControlFrames.Reply call(Service service, String command, List<String> arguments) throws IOException {
        long id = nextRequestId++;
        transport.write(ControlFrames.encode(new ControlFrames.Request(id, service, command, arguments)));
        while (true) {
            ControlFrames.Reply reply = decode(nextFrame(-1));
            if (reply.notification()) {
                keep(reply);
                continue;
            }
            if (reply.requestId() != id) {
                throw new IOException("reply " + reply.requestId() + " does not answer request " + id);
            }
            return reply;
        }
    }

    /**
     * The next notification (cmap track), waiting at most {@code waitMs}: empty when none came.
     * Fails when the daemon closes the connection or sends something that is not a notification.
     */
    public Optional<ControlFrames.Reply> nextNotification(long waitMs) throws IOException {
        if (!notifications.isEmpty()) {
            return Optional.of(notifications.pollFirst());
        }
        byte[] frame = nextFrame(Math.max(1, waitMs));
        if (frame == null) {
            return Optional.empty();
        }
        ControlFrames.Reply reply = decode(frame);
        if (!reply.notification()) {
            throw new IOException("corrald answered request " + reply.requestId() + " that was not asked");
        }
        return Optional.of(reply);
    }

    private void keep(ControlFrames.Reply notification) throws IOException {
        if (notifications.size() >= NOTIFICATIONS_KEPT_MAX) {
            throw new IOException("more than " + NOTIFICATIONS_KEPT_MAX + " notifications waiting for an answer");
        }
        notifications.addLast(notification);
    }

    private static ControlFrames.Reply decode(byte[] frame) throws IOException {
        try {
            return ControlFrames.decodeReply(frame);
        } catch (ControlFrames.Malformed e) {
            throw new IOException("corrald sent a malformed reply: " + e.getMessage());
        }
    }

    /** The next whole frame; with {@code waitMs} >= 0, null when none is complete within it. */
    private byte[] nextFrame(long waitMs) throws IOException {
        long deadline = System.nanoTime() + Math.max(0, waitMs) * 1_000_000L;
        while (true) {
            inbound.flip();
            if (inbound.remaining() >= 4) {
                int length = inbound.getInt(inbound.position());
                if (length < 12 || length > ControlFrames.FRAME_BYTES_MAX - 4) {
                    throw new IOException("corrald sent a frame of length " + length);
                }
                if (inbound.remaining() >= 4 + length) {
                    byte[] frame = new byte[4 + length];
                    inbound.get(frame);
                    inbound.compact();
                    return frame;
                }
                if (inbound.capacity() < 4 + length) {
                    ByteBuffer bigger = ByteBuffer.allocate(4 + length);
                    bigger.put(inbound);
                    inbound = bigger;
                    continue;
                }
            }
            inbound.compact();
            int read;
            if (waitMs < 0) {
                read = transport.read(inbound, true);
            } else {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    return null;
                }
                read = transport.readWithin(inbound, leftMs);
            }
            if (read < 0) {
                throw new IOException("corrald closed the connection");
            }
        }
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
