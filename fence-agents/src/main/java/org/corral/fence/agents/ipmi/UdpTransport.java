package org.corral.fence.agents.ipmi;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;

/**
 * UDP to the BMC, with the retransmission policy in one place: each request is sent up to
 * {@code 1 + retransmitsMax} times, each attempt waiting {@code attemptTimeout} for an answer; stray
 * and broken datagrams are logged and ignored without extending the wait. A datagram that is not
 * from the BMC's address and port is dropped.
 */
public final class UdpTransport implements IpmiTransport {
    public static final int RETRANSMITS_MAX_DEFAULT = 3;

    private final DatagramSocket socket;
    private final InetSocketAddress bmc;
    private final Duration attemptTimeout;
    private final int retransmitsMax;
    private final AgentLog log;

    public UdpTransport(String host, int port, Duration attemptTimeout, int retransmitsMax, AgentLog log)
            throws FenceException {
        if (port < 1 || port > 65535) {
            throw new FenceException(FailReason.GENERIC, "Failed: invalid port " + port);
        }
        try {
            this.bmc = new InetSocketAddress(InetAddress.getByName(host), port);
            this.socket = new DatagramSocket();
        } catch (UnknownHostException e) {
            throw new FenceException(FailReason.LOGIN_DENIED, "Unable to connect/login to fencing device: unknown host "
                    + host);
        } catch (IOException e) {
            throw new FenceException(FailReason.GENERIC, "Failed: cannot open UDP socket: " + e.getMessage());
        }
        this.attemptTimeout = attemptTimeout.isZero() ? Duration.ofMillis(100) : attemptTimeout;
        this.retransmitsMax = retransmitsMax;
        this.log = log;
    }

    @Override
    public <T> T exchange(String what, RequestBuilder request, ResponseMatcher<T> matcher) throws FenceException {
        String lastProblem = null;
        byte[] buffer = new byte[LanCodec.DATAGRAM_BYTES_MAX + 1];
        for (int attempt = 0; attempt <= retransmitsMax; attempt++) {
            byte[] out = request.build(attempt);
            send(out, what, attempt);
            long deadline = System.nanoTime() + attemptTimeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                byte[] in = receive(buffer, left);
                if (in == null) {
                    break;
                }
                try {
                    T answer = matcher.match(in);
                    if (answer != null) {
                        return answer;
                    }
                    log.wire("Ignored datagram for " + what + ": " + Bytes.hex(in));
                } catch (WireException e) {
                    lastProblem = e.getMessage();
                    log.debug("Bad answer to " + what + ": " + e.getMessage());
                }
            }
        }
        throw new FenceException(FailReason.TIMED_OUT, "Connection timed out: no valid answer to " + what
                + " after " + (retransmitsMax + 1) + " attempts" + (lastProblem == null ? "" : " (" + lastProblem + ")"));
    }

    private void send(byte[] out, String what, int attempt) throws FenceException {
        if (log.wireEnabled()) {
            log.wire("Sent " + what + (attempt > 0 ? " (retransmit " + attempt + ")" : "") + ": " + forLog(out));
        }
        try {
            socket.send(new DatagramPacket(out, out.length, bmc));
        } catch (IOException e) {
            throw new FenceException(FailReason.CONNECTION_LOST, "Connection lost: " + e.getMessage());
        }
    }

    /** One datagram from the BMC, or null when the time is up. */
    private byte[] receive(byte[] buffer, long leftNanos) throws FenceException {
        try {
            long leftMillis = Math.max(1, leftNanos / 1_000_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMillis));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            if (!bmc.equals(packet.getSocketAddress())) {
                return new byte[0];
            }
            byte[] in = Arrays.copyOf(packet.getData(), packet.getLength());
            if (log.wireEnabled()) {
                log.wire("Received: " + forLog(in));
            }
            return in;
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            // ICMP port unreachable shows up here on Linux; treat it as silence so retries proceed.
            log.debug("Receive problem: " + e.getMessage());
            return new byte[0];
        }
    }

    /**
     * Hex for the log, with the AuthCode of IPMI 1.5 straight-password packets masked: that field is
     * the password itself, and passwords are never printed, not even at -vvv.
     */
    static String forLog(byte[] datagram) {
        if (datagram.length >= 29 && datagram[0] == LanCodec.RMCP_VERSION && datagram[3] == LanCodec.CLASS_IPMI
                && datagram[4] == LanPacket.Lan15.AUTH_PASSWORD) {
            return Bytes.hex(java.util.Arrays.copyOf(datagram, 13)) + " [set] "
                    + Bytes.hex(java.util.Arrays.copyOfRange(datagram, 29, datagram.length));
        }
        return Bytes.hex(datagram);
    }

    @Override
    public void close() {
        socket.close();
    }
}
