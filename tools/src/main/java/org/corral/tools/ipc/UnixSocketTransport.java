package org.corral.tools.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import org.corral.cpg.client.CpgTransport;

/**
 * The client end of corrald's socket, with the JDK only (a CLI starts no Netty): a non-blocking
 * channel and a selector, so every wait has a bound and a dead or stuck daemon is an error, never
 * a hang. It carries CPG frames for {@link org.corral.cpg.client.CpgClient} and control frames for
 * {@link ControlClient}.
 */
public final class UnixSocketTransport implements CpgTransport {
    /** How long a read or write may wait for the daemon before the call fails. */
    public static final long WAIT_MS_DEFAULT = 30_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final long waitMs;

    private UnixSocketTransport(SocketChannel channel, Selector selector, long waitMs) {
        this.channel = channel;
        this.selector = selector;
        this.waitMs = waitMs;
    }

    /** Connects to the daemon's socket; fails at once when nothing listens there. */
    public static UnixSocketTransport connect(Path socket, long waitMs) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, 0);
            return new UnixSocketTransport(channel, selector, waitMs);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public static UnixSocketTransport connect(Path socket) throws IOException {
        return connect(socket, WAIT_MS_DEFAULT);
    }

    @Override
    public void write(byte[] frame) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    @Override
    public int read(ByteBuffer into, boolean block) throws IOException {
        int read = channel.read(into);
        if (read != 0 || !block) {
            return read;
        }
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        while (read == 0) {
            await(SelectionKey.OP_READ, deadline);
            read = channel.read(into);
        }
        return read;
    }

    /** Reads what arrives within {@code waitMs}: 0 when nothing did, -1 when the daemon closed. */
    public int readWithin(ByteBuffer into, long waitMs) throws IOException {
        int read = channel.read(into);
        if (read != 0 || waitMs <= 0) {
            return read;
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(SelectionKey.OP_READ);
        selector.select(waitMs);
        selector.selectedKeys().clear();
        key.interestOps(0);
        return channel.read(into);
    }

    private void await(int operation, long deadline) throws IOException {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
        if (leftMs <= 0) {
            throw new IOException("corrald did not answer within " + waitMs + " ms");
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(operation);
        selector.select(leftMs);
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
