package org.corral.fence.agents.sim.apc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.corral.fence.agents.apc.TelnetCodec;
import org.corral.fence.agents.apc.TelnetStreams;

/**
 * The telnet listener: one thread per connection. On connect the server offers WILL ECHO and
 * WILL SGA, which puts the telnet client in character mode (the way fence_apc's pexpect dialogue
 * needs it, see reference/fence-apc-dialogue.md section 1), and refuses every other option.
 */
final class ApcTelnetServer implements AutoCloseable {
    public static final int SESSIONS_MAX = 16;

    private final ApcSimulator simulator;
    private final String host;
    private final int requestedPort;
    private final int idleTimeoutMs;
    private final AtomicInteger sessions = new AtomicInteger();
    /** Open connections, closed with the server so a stopped simulator leaves nothing behind. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    ApcTelnetServer(ApcSimulator simulator, String host, int port, long idleTimeoutMs) {
        this.simulator = simulator;
        this.host = host;
        this.requestedPort = port;
        this.idleTimeoutMs = (int) Math.min(Integer.MAX_VALUE, idleTimeoutMs);
    }

    void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(host), requestedPort));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "apc-sim-telnet-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (sessions.incrementAndGet() > SESSIONS_MAX) {
                    sessions.decrementAndGet();
                    simulator.log("telnet " + socket.getRemoteSocketAddress() + " refused: " + SESSIONS_MAX + " sessions open");
                    socket.close();
                    continue;
                }
                Thread worker = new Thread(() -> serve(socket), "apc-sim-telnet-" + socket.getPort());
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    simulator.log("telnet accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        String peer = "telnet " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        open.add(socket);
        try {
            socket.setSoTimeout(idleTimeoutMs);
            socket.setTcpNoDelay(true);
            TelnetWire wire = new TelnetWire(socket);
            wire.offer();
            new ConsoleSession(simulator, peer, wire, simulator.faultForNewConnection()).run(null);
        } catch (IOException e) {
            simulator.log(peer + " failed: " + e.getMessage());
        } finally {
            sessions.decrementAndGet();
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A socket seen through the telnet codec. */
    private static final class TelnetWire implements ConsoleSession.Wire {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final TelnetCodec codec = new TelnetCodec(
                Set.of(TelnetCodec.OPTION_ECHO, TelnetCodec.OPTION_SGA), Set.of());

        TelnetWire(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void offer() throws IOException {
            out.write(codec.offer());
            out.flush();
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            return TelnetStreams.readData(codec, in, out, this, buffer);
        }

        @Override
        public synchronized void write(byte[] bytes) throws IOException {
            out.write(TelnetCodec.escape(bytes));
            out.flush();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
