package org.corral.tools.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A synchronous client of corrald's control protocol: one request, one reply. Used by the
 * corosync-* commands. Not thread-safe.
 */
public final class ControlClient implements AutoCloseable {
    private final UnixSocketTransport transport;
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

    /** Sends one request and waits (bounded) for its reply. */
    public ControlFrames.Reply call(Service service, String command, List<String> arguments) throws IOException {
        long id = nextRequestId++;
        transport.write(ControlFrames.encode(new ControlFrames.Request(id, service, command, arguments)));
        while (true) {
            byte[] frame = nextFrame();
            try {
                ControlFrames.Reply reply = ControlFrames.decodeReply(frame);
                if (reply.requestId() != id) {
                    throw new IOException("reply " + reply.requestId() + " does not answer request " + id);
                }
                return reply;
            } catch (ControlFrames.Malformed e) {
                throw new IOException("corrald sent a malformed reply: " + e.getMessage());
            }
        }
    }

    private byte[] nextFrame() throws IOException {
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
            if (transport.read(inbound, true) < 0) {
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
