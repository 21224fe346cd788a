package org.corral.fence.agents.sim.ipmi;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.corral.fence.agents.ipmi.LanCodec;

/**
 * The shell around {@link VirtualBmc}: a UDP socket, one receive thread, the power hooks run with
 * {@code sh -c} on a single worker (in order, never blocking the BMC), and the command log.
 */
public final class IpmiSimServer implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** A hook command running longer than this is killed. */
    public static final long HOOK_SECONDS_MAX = 120;

    private final VirtualBmc bmc;
    private final DatagramSocket socket;
    private final PrintStream log;
    private final String onPowerOff;
    private final String onPowerOn;
    private final Path faultFile;
    private final ExecutorService hooks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fence-sim-ipmi-hooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread receiver;
    private volatile boolean running = true;
    private long faultFileStamp = Long.MIN_VALUE;

    public IpmiSimServer(VirtualBmc bmc, InetSocketAddress listen, PrintStream log, String onPowerOff, String onPowerOn,
                         Path faultFile) throws SocketException {
        this.bmc = bmc;
        this.socket = new DatagramSocket(listen);
        this.log = log;
        this.onPowerOff = onPowerOff;
        this.onPowerOn = onPowerOn;
        this.faultFile = faultFile;
        this.receiver = new Thread(this::serve, "fence-sim-ipmi");
        this.receiver.setDaemon(true);
    }

    public void start() {
        receiver.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public synchronized boolean powerOn() {
        return bmc.powerOn();
    }

    public synchronized void setFault(BmcFault fault) {
        bmc.setFault(fault);
        log("fault set to " + fault.lower());
    }

    private void serve() {
        byte[] buffer = new byte[LanCodec.DATAGRAM_BYTES_MAX + 1];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (running) {
                    log("receive failed: " + e.getMessage());
                }
                continue;
            }
            try {
                answer(packet);
            } catch (RuntimeException e) {
                // The simulator must outlive anything a client sends; note it and keep serving.
                log("internal error: " + e);
            }
        }
    }

    private void answer(DatagramPacket packet) {
        byte[] datagram = Arrays.copyOf(packet.getData(), packet.getLength());
        String peer = packet.getAddress().getHostAddress() + ":" + packet.getPort();
        VirtualBmc.Output output;
        synchronized (this) {
            readFaultFile();
            output = bmc.handle(datagram, peer, System.nanoTime() / 1_000_000);
        }
        for (byte[] reply : output.replies()) {
            try {
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                log("send to " + peer + " failed: " + e.getMessage());
            }
        }
        for (BmcEvent event : output.events()) {
            if (event instanceof BmcEvent.Logged logged) {
                log(logged.line());
            } else if (event instanceof BmcEvent.PowerChanged power) {
                runHook(power.on() ? onPowerOn : onPowerOff, power.on() ? "on-power-on" : "on-power-off");
            }
        }
    }

    /** Re-reads the fault file when it changed: its content names the fault (none when absent). */
    private void readFaultFile() {
        if (faultFile == null) {
            return;
        }
        try {
            long stamp = Files.exists(faultFile) ? Files.getLastModifiedTime(faultFile).toMillis() : -1;
            if (stamp == faultFileStamp) {
                return;
            }
            faultFileStamp = stamp;
            String text = stamp < 0 ? "none" : Files.readString(faultFile, StandardCharsets.UTF_8).strip();
            BmcFault fault = BmcFault.parse(text.isEmpty() ? "none" : text).orElse(null);
            if (fault == null) {
                log("fault file " + faultFile + " names no fault: '" + text + "' (kept " + bmc.fault().lower() + ")");
            } else if (fault != bmc.fault()) {
                bmc.setFault(fault);
                log("fault set to " + fault.lower() + " (from " + faultFile + ")");
            }
        } catch (IOException e) {
            log("cannot read fault file " + faultFile + ": " + e.getMessage());
        }
    }

    private void runHook(String command, String name) {
        if (command == null || command.isBlank()) {
            return;
        }
        hooks.submit(() -> {
            log("running " + name + ": " + command);
            try {
                Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                process.getOutputStream().close();
                if (!process.waitFor(HOOK_SECONDS_MAX, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    log(name + " killed after " + HOOK_SECONDS_MAX + " s");
                } else {
                    log(name + " exited with " + process.exitValue());
                }
            } catch (IOException e) {
                log(name + " could not start: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void log(String line) {
        synchronized (log) {
            log.println(LocalDateTime.now().format(TIME) + " fence_sim ipmi[" + port() + "]: " + line);
            log.flush();
        }
    }

    /** Waits until every hook submitted so far has finished (tests), at most {@code millis}. */
    public boolean awaitHooks(long millis) throws InterruptedException {
        try {
            hooks.submit(() -> { }).get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        hooks.shutdown();
        try {
            receiver.join(2000);
            hooks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Random seeded(Long seed) {
        return seed == null ? new java.security.SecureRandom() : new Random(seed);
    }
}
