package org.corral.fence.agents.apc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * Opens the transport to the switch: a telnet socket (RFC 854 negotiation through
 * {@link TelnetCodec}: the client agrees to the server echoing and suppressing go-ahead, refuses
 * everything else), or an ssh shell through Apache MINA SSHD. Every step is bounded by the
 * timeout given; failures come back as IOException with a one-line reason.
 */
final class ApcConnector {
    private ApcConnector() {
    }

    /** -4/-6 select the address family; neither takes the first address. */
    static InetAddress resolve(String host, boolean inet4Only, boolean inet6Only) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (inet4Only && !(address instanceof Inet4Address) || inet6Only && !(address instanceof Inet6Address)) {
                continue;
            }
            return address;
        }
        throw new UnknownHostException(host + " has no " + (inet4Only ? "IPv4" : "IPv6") + " address");
    }

    static ApcChannel telnet(InetAddress address, int port, Duration timeout, Consumer<String> wireLog) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        TelnetCodec codec = new TelnetCodec(Set.of(TelnetCodec.OPTION_SGA),
                Set.of(TelnetCodec.OPTION_ECHO, TelnetCodec.OPTION_SGA));
        StreamChannel.Source source = buffer -> TelnetStreams.readData(codec, in, out, out, buffer);
        Runnable closer = () -> {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        };
        return new StreamChannel(source, out, wireLog, closer, "telnet") {
            @Override
            byte[] encode(byte[] bytes) {
                return TelnetCodec.escape(bytes);
            }
        };
    }

    /** Password (or identity file) login over ssh; the device's host key is accepted as fence_apc's answer "yes" does. */
    static ApcChannel ssh(InetAddress address, int port, String user, String password, String identityFile,
                          Duration timeout, Consumer<String> wireLog) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        // Accept the switch's key as the reference agent's "yes" does; silently (MINA's own accept-all
        // verifier logs a WARN line per connection, which would land on the agent's stderr).
        client.setServerKeyVerifier((clientSession, remoteAddress, serverKey) -> true);
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(user, new InetSocketAddress(address, port)).verify(timeout).getSession();
            if (identityFile != null) {
                FileKeyPairProvider keys = new FileKeyPairProvider(Path.of(identityFile));
                if (password != null) {
                    keys.setPasswordFinder(FilePasswordProvider.of(password));
                }
                session.setKeyIdentityProvider(keys);
            } else {
                session.addPasswordIdentity(password == null ? "" : password);
            }
            session.auth().verify(timeout);
            ChannelShell shell = session.createShellChannel();
            shell.setPtyType("vt100");
            shell.open().verify(timeout);
            ClientSession opened = session;
            Runnable closer = () -> {
                shell.close(true);
                opened.close(true);
                client.stop();
            };
            return new StreamChannel(StreamChannel.of(shell.getInvertedOut()), shell.getInvertedIn(), wireLog, closer, "ssh");
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            client.stop();
            throw new IOException("ssh to " + address.getHostAddress() + ":" + port + " failed: " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
