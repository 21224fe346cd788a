package org.corral.fence.agents.sim.apc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The ssh listener (Apache MINA SSHD): password authentication against the switch's users, and a
 * shell that is the same console as over telnet, minus the "User Name :" phase (AOS asks ssh users
 * for the password only through ssh itself). The REFUSE_LOGIN fault refuses every password here.
 */
final class ApcSshServer implements AutoCloseable {
    private final ApcSimulator simulator;
    private final ApcSimConfig config;
    /** The fault drawn for an ssh connection when it opened (see --fail-connections). */
    private static final AttributeRepository.AttributeKey<ApcFault> FAULT = new AttributeRepository.AttributeKey<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private SshServer server;

    ApcSshServer(ApcSimulator simulator, ApcSimConfig config) {
        this.simulator = simulator;
        this.config = config;
    }

    void start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost(config.host());
        server.setPort(config.sshPort());
        server.setKeyPairProvider(config.hostKeyFile() == null
                ? new SimpleGeneratorHostKeyProvider()
                : new SimpleGeneratorHostKeyProvider(Path.of(config.hostKeyFile())));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                session.setAttribute(FAULT, simulator.faultForNewConnection());
            }
        });
        server.setPasswordAuthenticator((user, password, session) -> {
            boolean ok = fault(session) != ApcFault.REFUSE_LOGIN && config.users().stream()
                    .anyMatch(u -> u.name().equals(user) && u.password().equals(password));
            simulator.log("ssh " + session.getClientAddress() + " password for '" + ApcConsole.printable(user) + "' "
                    + (ok ? "accepted" : "refused"));
            return ok;
        });
        if (config.authorizedKeysFile() != null) {
            AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(Path.of(config.authorizedKeysFile()));
            server.setPublickeyAuthenticator((user, key, session) -> {
                boolean ok = fault(session) != ApcFault.REFUSE_LOGIN
                        && config.users().stream().anyMatch(u -> u.name().equals(user))
                        && keys.authenticate(user, key, session);
                simulator.log("ssh " + session.getClientAddress() + " key for '" + ApcConsole.printable(user) + "' "
                        + (ok ? "accepted" : "refused"));
                return ok;
            });
        }
        server.setShellFactory(ConsoleShell::new);
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot listen (ssh) on " + config.host() + ":" + config.sshPort() + ": " + e.getMessage(), e);
        }
    }

    private static ApcFault fault(Session session) {
        ApcFault fault = session.getAttribute(FAULT);
        return fault == null ? ApcFault.NONE : fault;
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.stop(true);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One ssh shell channel running a console session on its own thread. */
    private final class ConsoleShell implements Command {
        private final ChannelSession channel;
        private InputStream in;
        private OutputStream out;
        private ExitCallback exit;
        private Thread worker;

        ConsoleShell(ChannelSession channel) {
            this.channel = channel;
        }

        @Override
        public void setInputStream(InputStream value) {
            in = value;
        }

        @Override
        public void setOutputStream(OutputStream value) {
            out = value;
        }

        @Override
        public void setErrorStream(OutputStream value) {
            // the console writes everything to stdout, as a terminal would show it
        }

        @Override
        public void setExitCallback(ExitCallback value) {
            exit = value;
        }

        @Override
        public void start(ChannelSession session, Environment environment) {
            String user = session.getSession().getUsername();
            String peer = "ssh " + session.getSession().getClientAddress();
            worker = new Thread(() -> run(user, peer), "apc-sim-ssh");
            worker.setDaemon(true);
            worker.start();
        }

        private void run(String user, String peer) {
            if (sessions.incrementAndGet() > ApcTelnetServer.SESSIONS_MAX) {
                simulator.log(peer + " refused: too many sessions");
                sessions.decrementAndGet();
                exit.onExit(1);
                return;
            }
            try {
                new ConsoleSession(simulator, peer, new ChannelWire(), fault(channel.getSession())).run(user);
            } finally {
                sessions.decrementAndGet();
                exit.onExit(0);
            }
        }

        @Override
        public void destroy(ChannelSession session) {
            if (worker != null) {
                worker.interrupt();
            }
        }

        /** The channel's streams; an idle channel is bounded by the ssh server's own idle timeout. */
        private final class ChannelWire implements ConsoleSession.Wire {
            @Override
            public int read(byte[] buffer) throws IOException {
                return in.read(buffer);
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
                out.flush();
            }

            @Override
            public void close() {
                try {
                    channel.close(false);
                } catch (RuntimeException ignored) {
                    // already closing
                }
            }
        }
    }
}
