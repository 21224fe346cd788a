package org.corral.tools.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The Unix-socket side of corrald: one Netty epoll thread accepts connections, reads the peer's
 * credentials (SO_PEERCRED) once, cuts the byte stream into length-prefixed frames and hands each
 * read's frames to the {@link IpcDispatcher} on the daemon's engine loop. Everything protocol
 * happens there; this class only moves bytes.
 *
 * <p>What a hostile or broken client can cost: a frame longer than {@link #REQUEST_BYTES_MAX} or
 * shorter than a header closes its connection at once; a client that vanishes mid-frame takes its
 * partial buffer with it; a client that stops reading is disconnected when
 * {@link #CLIENT_BACKLOG_BYTES_MAX} bytes wait for it; beyond {@link #CONNECTIONS_MAX} connections
 * new ones are closed on accept.
 */
public final class IpcServer implements AutoCloseable {
    /** The largest request: a CPG message of 1 MiB plus its headers. */
    public static final int REQUEST_BYTES_MAX = (1 << 20) + 4096;
    /** Bytes that may wait for a client that does not read (tests lower it with -Dcorral.ipc.backlog.bytes.max). */
    public static final int CLIENT_BACKLOG_BYTES_MAX = Integer.getInteger("corral.ipc.backlog.bytes.max", 64 << 20);
    public static final int CONNECTIONS_MAX = 1024;
    static final int HEADER_BYTES_MIN = 16;

    private final Path socketPath;
    private final IpcDispatcher dispatcher;
    private final Executor engineLoop;
    private final int daemonUid;
    private final AdminAccess admins;
    private final EventLoopGroup group;
    /** False when the daemon lent its engine loop: the daemon shuts that one down, not this class. */
    private final boolean ownsGroup;
    private final AtomicLong nextConnection = new AtomicLong(1);
    private final AtomicInteger open = new AtomicInteger();
    private Channel server;

    /**
     * @param engineLoop runs a task on the daemon's engine loop, in submission order
     * @param adminGid the group whose members may change things besides root and the daemon's user, or -1
     */
    public IpcServer(Path socketPath, IpcDispatcher dispatcher, Executor engineLoop, int daemonUid, int adminGid) {
        this(socketPath, dispatcher, engineLoop, daemonUid, AdminAccess.NONE.withGid(adminGid));
    }

    /** @param admins who besides root and the daemon's user may change things; the socket gets a thread of its own */
    public IpcServer(Path socketPath, IpcDispatcher dispatcher, Executor engineLoop, int daemonUid, AdminAccess admins) {
        this(socketPath, dispatcher, engineLoop, daemonUid, admins, ownLoop(), true);
    }

    /**
     * The socket on the daemon's own engine loop (an epoll group of one thread): a request is read,
     * handled and answered in one wake-up of one thread, with no hand-off between threads. On a
     * loaded machine every hand-off is a wait for the scheduler, which set the pace of the whole
     * ring when clients fed it through a second thread.
     */
    public IpcServer(Path socketPath, IpcDispatcher dispatcher, Executor engineLoop, int daemonUid, AdminAccess admins,
                     EventLoopGroup engineGroup) {
        this(socketPath, dispatcher, engineLoop, daemonUid, admins, engineGroup, false);
    }

    private IpcServer(Path socketPath, IpcDispatcher dispatcher, Executor engineLoop, int daemonUid, AdminAccess admins,
                      EventLoopGroup group, boolean ownsGroup) {
        if (!(group instanceof EpollEventLoopGroup)) {
            throw new IllegalStateException("the IPC socket needs its loop to run on Linux epoll");
        }
        this.socketPath = socketPath;
        this.dispatcher = dispatcher;
        this.engineLoop = engineLoop;
        this.daemonUid = daemonUid;
        this.admins = admins;
        this.group = group;
        this.ownsGroup = ownsGroup;
    }

    private static EventLoopGroup ownLoop() {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the IPC socket needs Linux epoll: " + Epoll.unavailabilityCause());
        }
        return new EpollEventLoopGroup(1, runnable -> {
            Thread thread = new Thread(runnable, "ipc-loop");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds the socket, replacing a stale one left by a killed daemon. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(socketPath.getParent());
        Files.deleteIfExists(socketPath);
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(CLIENT_BACKLOG_BYTES_MAX / 2, CLIENT_BACKLOG_BYTES_MAX))
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        channel.pipeline().addLast(new FrameSplitter(), new ConnectionHandler());
                    }
                });
        try {
            server = bootstrap.bind(new DomainSocketAddress(socketPath.toFile())).sync().channel();
        } catch (RuntimeException e) {
            throw new IOException("cannot bind " + socketPath + ": " + e.getMessage(), e);
        }
        // Anyone may connect (unprivileged users read status); what a peer may change is decided
        // per request from its kernel-vouched credentials, not by the file's mode.
        Files.setPosixFilePermissions(socketPath, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    public Path socketPath() {
        return socketPath;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2000);
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5000);
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            // the socket file goes with the prefix anyway
        }
    }

    /**
     * The supplementary groups of the connecting process. SO_PEERCRED vouches only for the primary
     * gid; the rest is read from /proc at connect, while the peer still holds its end of the socket
     * (an exited peer simply gets none, so the answer can only be narrower, never wider).
     */
    static List<Integer> supplementaryGroups(int pid) {
        List<Integer> groups = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Groups:")) {
                    for (String gid : line.substring(7).trim().split("\\s+")) {
                        if (!gid.isEmpty() && groups.size() < AdminAccess.IDS_MAX * 4) {
                            groups.add((int) Long.parseLong(gid));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc entry (the peer is gone): the primary gid alone decides
        }
        return groups;
    }

    /** Cuts the stream into whole frames; a length outside the bounds closes the connection. */
    private static final class FrameSplitter extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.readableBytes() >= 4) {
                int length = in.getInt(in.readerIndex());
                if (length < HEADER_BYTES_MIN - 4 || length > REQUEST_BYTES_MAX - 4) {
                    in.skipBytes(in.readableBytes());
                    ctx.channel().attr(IpcDispatcher.CLOSE_REASON).set("frame length " + length + " outside "
                            + (HEADER_BYTES_MIN - 4) + ".." + (REQUEST_BYTES_MAX - 4));
                    ctx.close();
                    return;
                }
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                byte[] frame = new byte[4 + length];
                in.readBytes(frame);
                out.add(frame);
            }
        }
    }

    /** One client: credentials at connect, frames batched per read, close and backlog handling. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private IpcDispatcher.Connection connection;
        private List<byte[]> batch = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (open.incrementAndGet() > CONNECTIONS_MAX) {
                ctx.close();
                return;
            }
            PeerCredentials credentials;
            try {
                credentials = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials();
            } catch (IOException e) {
                ctx.close();
                return;
            }
            List<Integer> gids = new ArrayList<>();
            for (int gid : credentials.gids()) {
                gids.add(gid);
            }
            for (int gid : supplementaryGroups(credentials.pid())) {
                if (!gids.contains(gid)) {
                    gids.add(gid);
                }
            }
            boolean privileged = Peer.privileged(credentials.uid(), gids, daemonUid, admins);
            Peer peer = new Peer(nextConnection.getAndIncrement(), credentials.pid(), credentials.uid(), gids, privileged);
            IpcDispatcher.Connection created = new IpcDispatcher.Connection(peer, ctx.channel());
            connection = created;
            engineLoop.execute(() -> dispatcher.opened(created));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (connection != null) {
                batch.add((byte[]) message);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (connection == null || batch.isEmpty()) {
                return;
            }
            List<byte[]> frames = batch;
            batch = new ArrayList<>();
            IpcDispatcher.Connection target = connection;
            engineLoop.execute(() -> dispatcher.frames(target, frames));
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!ctx.channel().isWritable()) {
                // The client stopped reading: its backlog would grow without bound.
                ctx.channel().attr(IpcDispatcher.CLOSE_REASON).setIfAbsent("not reading, " + CLIENT_BACKLOG_BYTES_MAX
                        + " bytes waiting");
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.decrementAndGet();
            if (connection != null) {
                IpcDispatcher.Connection gone = connection;
                String reason = ctx.channel().attr(IpcDispatcher.CLOSE_REASON).get();
                engineLoop.execute(() -> dispatcher.closed(gone, reason));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Writes queued before a close fail here too (void promises): keep the first reason.
            ctx.channel().attr(IpcDispatcher.CLOSE_REASON).setIfAbsent("socket error: " + cause);
            ctx.close();
        }
    }
}
