package org.corral.totem.io;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.corral.totem.base.Check;
import org.corral.totem.core.Destination;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;

/**
 * The single-threaded shell: one Netty event loop owns the {@link NodeEngine} (and through it the
 * processor, RRP and sealer). Datagram reads, the tick timer and every command run on that loop,
 * so nothing else ever touches protocol state. Epoll when available, NIO otherwise.
 *
 * <p>Sockets per ring: udpu binds one socket to the ring address and port and sends a copy to
 * every node; udp binds a receive socket to the multicast group and port (IGMP join on the ring's
 * interface) and a unicast socket to the ring address and port - 1 that sends everything and
 * receives tokens; udpb is udp with the subnet broadcast address in place of the group.
 *
 * <p>Ticks: every {@link #TICK_MS} ms of monotonic time ({@link System#nanoTime}); the processor's
 * timeouts fire from those ticks only.
 */
public final class TotemShell implements AutoCloseable {
    public static final long TICK_MS = 5;
    /** The log line that says the engine stopped on a broken invariant. */
    public static final String STOPPED_PREFIX = "totem engine stopped: ";
    /** Datagram receive buffer: the largest UDP payload, so nothing arrives truncated. */
    static final int RECEIVE_BYTES_MAX = 65_536;
    /**
     * SO_RCVBUF and SO_SNDBUF asked of the kernel (which caps them at net.core.rmem_max and
     * wmem_max): a rotation of large frames from every other node must fit while this node's loop
     * is busy delivering, or the kernel drops frames and the ring pays for retransmissions.
     */
    public static final int SOCKET_BUFFER_BYTES = 8 * 1024 * 1024;

    private final NetConfig net;
    private final Path ringSeqFile;
    private final Consumer<TotemEvent> listener;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final List<Channel> receiveChannels = new ArrayList<>();
    private final List<Channel> sendChannels = new ArrayList<>();
    /** Per ring, a connected socket per peer for unicasts: the kernel reports ICMP unreachable on it. */
    private final List<TreeMap<NodeId, Channel>> peerChannels = new ArrayList<>();
    /** Above this many peers no hint sockets are opened (cman clusters are far smaller). */
    static final int HINT_PEERS_MAX = 64;
    private final long startNanos = System.nanoTime();
    private NodeEngine engine;
    private ScheduledFuture<?> ticker;
    private volatile Throwable failure;

    public TotemShell(NetConfig net, Path stateDir, Consumer<TotemEvent> listener) {
        Check.argument(net != null && stateDir != null && listener != null, "shell needs net config, state dir, listener");
        this.net = net;
        this.ringSeqFile = stateDir.resolve("ringid_" + net.self().value());
        this.listener = listener;
        this.epoll = Epoll.isAvailable() && !Boolean.getBoolean("corral.totem.nio");
        this.group = epoll ? new EpollEventLoopGroup(1, daemonThreads()) : new NioEventLoopGroup(1, daemonThreads());
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "totem-loop");
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The receive buffer the kernel granted ring 0's socket (twice what it accounts, as Linux reports it). */
    public int receiveBufferBytes() {
        return receiveChannels.isEmpty() ? 0 : receiveChannels.get(0).config().getOption(ChannelOption.SO_RCVBUF);
    }

    /**
     * The loop's group, for a daemon that runs its local sockets on the same thread (only with
     * epoll: a Unix socket needs it); empty on the NIO fallback.
     */
    public java.util.Optional<EventLoopGroup> epollGroup() {
        return epoll ? java.util.Optional.of(group) : java.util.Optional.empty();
    }

    public boolean usesEpoll() {
        return epoll;
    }

    /** The ring sequence this node persisted last (0 when it never ran). */
    public long readPersistedRingSeq() {
        try {
            if (!Files.exists(ringSeqFile)) {
                return 0;
            }
            String text = Files.readString(ringSeqFile, StandardCharsets.US_ASCII).trim();
            long value = Long.parseLong(text);
            Check.argument(value >= 0, "negative ring seq");
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read ring sequence file " + ringSeqFile + ": " + e.getMessage());
        }
    }

    /** Binds every socket, then starts the engine built by {@code engineFactory} on the loop. */
    public void start(java.util.function.Function<NodeEngine.Sink, NodeEngine> engineFactory) throws InterruptedException {
        try {
            for (int ring = 0; ring < net.rings().size(); ring++) {
                bindRing(ring);
                connectPeers(ring);
            }
        } catch (RuntimeException | SocketException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot bind ring sockets: " + e.getMessage(), e);
        }
        call(() -> {
            engine = engineFactory.apply(new SocketSink());
            engine.start(nowMs());
            ticker = group.next().scheduleAtFixedRate(() -> guarded(() -> engine.tick(nowMs())), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            return null;
        }).join();
    }

    private void bindRing(int ring) throws InterruptedException, SocketException {
        NetConfig.Ring address = net.rings().get(ring);
        if (net.transport() == Transport.UDPU) {
            Channel channel = bootstrap(ring, false).bind(new InetSocketAddress(address.bind(), address.port())).sync().channel();
            receiveChannels.add(channel);
            sendChannels.add(channel);
            return;
        }
        NetworkInterface nic = interfaceFor(address.bind());
        Bootstrap unicast = bootstrap(ring, net.transport() == Transport.UDPB);
        if (net.transport() == Transport.UDP) {
            unicast.option(ChannelOption.IP_MULTICAST_IF, nic).option(ChannelOption.IP_MULTICAST_TTL, 1)
                    .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, true);
        }
        Channel sender = unicast.bind(new InetSocketAddress(address.bind(), address.port() - 1)).sync().channel();
        Channel receiver = bootstrap(ring, net.transport() == Transport.UDPB).option(ChannelOption.SO_REUSEADDR, true)
                .bind(new InetSocketAddress(address.group(), address.port())).sync().channel();
        if (net.transport() == Transport.UDP) {
            // The real IGMP join, on the interface the ring's address lives on.
            ((DatagramChannel) receiver).joinGroup(new InetSocketAddress(address.group(), address.port()), nic).sync();
        }
        sendChannels.add(sender);
        receiveChannels.add(receiver);
    }

    /**
     * Tokens and commit tokens go to one peer at a time; sending them on a socket connected to
     * that peer lets the kernel report an ICMP port-unreachable answer (a killed node's port) as
     * PortUnreachableException, which the engine takes as a hint, never as proof.
     */
    private void connectPeers(int ring) throws InterruptedException {
        TreeMap<NodeId, Channel> peers = new TreeMap<>();
        peerChannels.add(peers);
        if (net.nodes().size() - 1 > HINT_PEERS_MAX) {
            return;
        }
        NetConfig.Ring address = net.rings().get(ring);
        int port = net.transport() == Transport.UDPU ? address.port() : address.port() - 1;
        for (Map.Entry<NodeId, List<InetAddress>> node : net.nodes().entrySet()) {
            if (node.getKey().equals(net.self())) {
                continue;
            }
            Bootstrap bootstrap = bootstrap(ring, false).handler(new HintReceiver(ring, node.getKey()));
            Channel channel = bootstrap.connect(new InetSocketAddress(node.getValue().get(ring), port),
                    new InetSocketAddress(address.bind(), 0)).sync().channel();
            peers.put(node.getKey(), channel);
        }
    }

    private Bootstrap bootstrap(int ring, boolean broadcast) {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(InternetProtocolFamily.IPv4)
                        : new NioDatagramChannel(InternetProtocolFamily.IPv4))
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BYTES_MAX))
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .handler(new Receiver(ring));
        if (broadcast) {
            bootstrap.option(ChannelOption.SO_BROADCAST, true);
        }
        return bootstrap;
    }

    /** The interface whose subnet holds {@code address} (127.0.0.2 lives on lo's 127.0.0.1/8). */
    static NetworkInterface interfaceFor(InetAddress address) throws SocketException {
        NetworkInterface exact = NetworkInterface.getByInetAddress(address);
        if (exact != null) {
            return exact;
        }
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                if (sameSubnet(ia.getAddress(), address, ia.getNetworkPrefixLength())) {
                    return nic;
                }
            }
        }
        throw new IllegalArgumentException("no interface holds " + address.getHostAddress());
    }

    private static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length || prefix <= 0) {
            return false;
        }
        for (int bit = 0; bit < prefix && bit < x.length * 8; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The subnet-directed broadcast address of {@code address} (udpb), computed from the
     * interface's prefix: an address added without "brd +" reports 0.0.0.0 as its broadcast.
     */
    public static InetAddress broadcastFor(InetAddress address) throws SocketException {
        NetworkInterface nic = interfaceFor(address);
        for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
            int prefix = ia.getNetworkPrefixLength();
            if (ia.getAddress() instanceof java.net.Inet4Address && prefix > 0 && prefix < 31
                    && sameSubnet(ia.getAddress(), address, prefix)) {
                byte[] bytes = address.getAddress();
                int value = java.nio.ByteBuffer.wrap(bytes).getInt() | (int) (0xFFFF_FFFFL >>> prefix);
                try {
                    return InetAddress.getByAddress(java.nio.ByteBuffer.allocate(4).putInt(value).array());
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException("4 bytes always make an IPv4 address", e);
                }
            }
        }
        throw new IllegalArgumentException("no broadcast address on the interface of " + address.getHostAddress());
    }

    private long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    /** Runs {@code work} on the loop and returns its result. */
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        group.next().execute(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                fail(e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    public CompletableFuture<SubmitResult> submit(byte[] payload) {
        return call(() -> engine.submit(payload));
    }

    public CompletableFuture<Map<String, Long>> counters() {
        return call(() -> engine.counters());
    }

    public CompletableFuture<List<String>> ringStatus() {
        return call(() -> engine.rrp().statusLines());
    }

    public CompletableFuture<Void> resetRings() {
        return call(() -> {
            engine.resetRings();
            return null;
        });
    }

    public CompletableFuture<Void> leave() {
        return call(() -> {
            engine.leave();
            return null;
        });
    }

    /** The first error that stopped the engine (an invariant of the processor), or null. */
    public Throwable failure() {
        return failure;
    }

    private void guarded(Runnable work) {
        if (failure != null) {
            return;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
            listener.accept(new TotemEvent.Log(TotemEvent.Level.ERROR, STOPPED_PREFIX + e.getMessage()));
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (Channel channel : receiveChannels) {
            channel.close().awaitUninterruptibly(2000);
        }
        for (Channel channel : sendChannels) {
            channel.close().awaitUninterruptibly(2000);
        }
        for (TreeMap<NodeId, Channel> peers : peerChannels) {
            peers.values().forEach(channel -> channel.close().awaitUninterruptibly(2000));
        }
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5000);
    }

    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int ring;

        Receiver(int ring) {
            this.ring = ring;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (engine == null || failure != null) {
                return;
            }
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            guarded(() -> engine.receive(ring, bytes, bytes.length));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A datagram socket error (ICMP unreachable on some kernels) is not a protocol event.
        }
    }

    /** A connected per-peer socket: it receives nothing but the kernel's ICMP error reports. */
    private final class HintReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int ring;
        private final NodeId peer;

        HintReceiver(int ring, NodeId peer) {
            this.ring = ring;
            this.peer = peer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            // Peers send to our bound port, never to this one: anything here is ignored.
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof java.net.PortUnreachableException && engine != null) {
                guarded(() -> engine.unreachable(ring, peer));
            }
        }
    }

    /** The engine's effects on the real network and disk, on the loop thread. */
    private final class SocketSink implements NodeEngine.Sink {
        @Override
        public void persistRingSeq(long ringSeq) {
            try {
                Path temp = ringSeqFile.resolveSibling(ringSeqFile.getFileName() + ".tmp");
                try (FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    file.write(java.nio.ByteBuffer.wrap((ringSeq + "\n").getBytes(StandardCharsets.US_ASCII)));
                    file.force(true);
                }
                Files.move(temp, ringSeqFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IllegalStateException("cannot persist ring sequence to " + ringSeqFile + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void transmit(int ring, Destination destination, byte[] frame) {
            Channel channel = sendChannels.get(ring);
            NetConfig.Ring address = net.rings().get(ring);
            if (destination instanceof Destination.ToNode to) {
                Channel connected = peerChannels.get(ring).get(to.target());
                if (connected != null) {
                    connected.writeAndFlush(Unpooled.wrappedBuffer(frame), connected.voidPromise());
                    return;
                }
                List<InetAddress> target = net.nodes().get(to.target());
                if (target != null) {
                    int port = net.transport() == Transport.UDPU ? address.port() : address.port() - 1;
                    send(channel, frame, new InetSocketAddress(target.get(ring), port));
                }
                return;
            }
            if (net.transport() != Transport.UDPU) {
                send(channel, frame, new InetSocketAddress(address.group(), address.port()));
                return;
            }
            for (Map.Entry<NodeId, List<InetAddress>> node : net.nodes().entrySet()) {
                if (!node.getKey().equals(net.self())) {
                    send(channel, frame, new InetSocketAddress(node.getValue().get(ring), address.port()));
                }
            }
        }

        private void send(Channel channel, byte[] frame, InetSocketAddress target) {
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(frame), target), channel.voidPromise());
        }

        @Override
        public void event(TotemEvent event) {
            listener.accept(event);
        }
    }
}
