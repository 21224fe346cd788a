package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.corral.fence.agents.api.FenceRunner;
import org.corral.fence.agents.sim.ipmi.BmcFault;
import org.corral.fence.agents.sim.ipmi.VirtualBmc;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole agent over real UDP against a BMC that misbehaves: silence, garbage, truncated answers,
 * wrong checksums, wrong session ids, refusals, lies. Each run must end with one clear ERROR line and
 * exit 1, without a stack trace, within its configured timeouts (a preemptive bound guards against
 * hangs; it is not a performance assertion).
 */
class HostileBmcTest {

    /** A UDP BMC whose answers pass through a mutation. */
    static final class HostileServer implements AutoCloseable {
        final DatagramSocket socket;
        final VirtualBmc bmc;
        final Thread thread;
        volatile UnaryOperator<byte[]> mutate = UnaryOperator.identity();

        HostileServer() throws SocketException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            bmc = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"), new TreeSet<>(List.of(0, 3)),
                    new byte[16], true), true, new Random(1));
            thread = new Thread(this::serve, "hostile-bmc");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    byte[] in = Arrays.copyOf(packet.getData(), packet.getLength());
                    for (byte[] reply : bmc.handle(in, "peer", 0).replies()) {
                        byte[] out = mutate.apply(reply);
                        if (out != null) {
                            socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                        }
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result agent(int port, String... extra) {
        String[] base = {"-a", "127.0.0.1", "-u", Integer.toString(port), "-l", "admin", "-p", "fencepass",
            "--ipmitool-timeout", "0.2", "--power-wait", "0", "--power-timeout", "1", "--stonith-status-sleep", "0.2"};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FenceRunner(new FenceIpmilan(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), FenceRunner.Timing.SYSTEM).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Rewrites only RMCP+ session packets (after the handshake) or every answer. */
    static UnaryOperator<byte[]> mutation(String kind) {
        Random random = new Random(kind.hashCode());
        return switch (kind) {
            case "silence" -> r -> null;
            case "garbage" -> r -> {
                byte[] junk = new byte[1 + random.nextInt(80)];
                random.nextBytes(junk);
                return junk;
            };
            case "truncated" -> r -> Arrays.copyOf(r, r.length / 2);
            case "checksum" -> r -> {
                byte[] copy = r.clone();
                copy[copy.length - 1] ^= 0x01;
                return copy;
            };
            case "session-id" -> r -> {
                byte[] copy = r.clone();
                if (copy.length > 10 && copy[4] == 6 && (copy[5] & 0x3f) == 0) {
                    copy[6] ^= 0x5a; // RMCP+ session packet
                } else if (copy.length > 13 && copy[3] == 7 && copy[4] != 0 && copy[4] != 6) {
                    copy[9] ^= 0x5a; // authenticated IPMI 1.5 packet
                }
                return copy;
            };
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"silence", "garbage", "truncated", "checksum", "session-id"})
    void misbehavingBmcGivesOneErrorLineAndExitOne(String kind) throws Exception {
        try (HostileServer server = new HostileServer()) {
            server.mutate = mutation(kind);
            for (String mode : List.of("-P", "-A md5", "-P -C 0")) {
                List<String> flags = List.of(mode.split(" "));
                String[] args = new java.util.ArrayList<String>(flags) {{ add("-o"); add("off"); }}
                        .toArray(String[]::new);
                Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> agent(server.socket.getLocalPort(),
                        args));
                String where = kind + " " + mode + ": " + result;
                assertEquals(1, result.code(), where);
                assertEquals("", result.out(), where);
                assertTrue(result.err().matches("(?s)[0-9-]+ [0-9:,]+ ERROR: [^\n]+\n"), where);
                assertFalse(result.err().contains("Exception") || result.err().contains("\tat "), where);
            }
            assertTrue(server.bmc.powerOn(), kind + ": nothing was switched off by a broken exchange");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-P", "-A password", "-A md5"})
    void passwordNeverPrintedAtVerboseThree(String mode) throws Exception {
        try (HostileServer server = new HostileServer()) {
            List<String> args = new java.util.ArrayList<>(List.of(mode.split(" ")));
            args.addAll(List.of("-o", "status", "-vvv"));
            Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> agent(server.socket.getLocalPort(),
                    args.toArray(String[]::new)));
            assertEquals(0, result.code(), result.toString());
            assertTrue(result.err().contains("DEBUG: Sent"), "wire dump present: " + result.err());
            assertFalse(result.err().contains("fencepass"), result.err());
            assertFalse(result.err().contains(Bytes.hex("fencepass".getBytes(StandardCharsets.US_ASCII))), result.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"refuse", "lie", "timeout"})
    void faultModesOfTheSimulator(String fault) throws Exception {
        try (HostileServer server = new HostileServer()) {
            server.bmc.setFault(BmcFault.parse(fault).orElseThrow());
            Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> agent(server.socket.getLocalPort(),
                    "-P", "-o", "off"));
            assertEquals(1, result.code(), result.toString());
            String expected = switch (fault) {
                case "refuse" -> "ERROR: Failed: the BMC refused Chassis Control power down (completion code 0xd5)";
                case "lie" -> "ERROR: Failed: Timed out waiting to power OFF";
                default -> "ERROR: Connection timed out";
            };
            assertTrue(result.err().contains(expected), result.err());
        }
    }
}
