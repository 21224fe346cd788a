package org.corral.fence.agents.sim.apc;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running simulated APC switch: one outlet bank shared by telnet and ssh sessions, the command
 * runner, the log. Every input line of every session is logged (passwords hidden).
 */
public final class ApcSimulator implements AutoCloseable {
    /** Log lines kept in memory for {@link #logLines()}; older ones are dropped. */
    public static final int LOG_LINES_MAX = 10_000;

    private final ApcSimConfig config;
    private final Consumer<String> sink;
    private final Object lock = new Object();
    private final ApcOutletBank bank;
    private final CommandRunner runner;
    private final Deque<String> logLines = new ArrayDeque<>();
    private ApcTelnetServer telnet;
    private ApcSshServer ssh;
    private long garbageSeed = 1;
    private long connections;

    public ApcSimulator(ApcSimConfig config, Consumer<String> sink) {
        this.config = config;
        this.sink = sink;
        this.bank = new ApcOutletBank(config.units(), config.outletsPerUnit(), config.names(), config.initiallyOn());
        this.runner = new CommandRunner(config.onCommands(), config.offCommands(), config.anyCommand(),
                config.commandTimeoutMs(), this::log);
    }

    /** Binds the listeners. Fails with an IOException naming the address when a port is taken. */
    public void start() throws IOException {
        telnet = new ApcTelnetServer(this, config.host(), config.telnetPort(), config.idleTimeoutMs());
        telnet.start();
        if (config.sshPort() >= 0) {
            ssh = new ApcSshServer(this, config);
            ssh.start();
        }
        log("APC " + config.firmware() + " switch up: telnet " + config.host() + ":" + telnet.port()
                + (ssh != null ? ", ssh " + config.host() + ":" + ssh.port() : "")
                + ", " + config.units() * config.outletsPerUnit() + " outlets, fault " + config.fault()
                + (config.faultConnections() > 0 ? " for the first " + config.faultConnections() + " connections" : ""));
    }

    public int telnetPort() {
        return telnet.port();
    }

    public int sshPort() {
        return ssh == null ? -1 : ssh.port();
    }

    public ApcSimConfig config() {
        return config;
    }

    public boolean isOn(OutletId id) {
        synchronized (lock) {
            return bank.find(id).orElseThrow(() -> new IllegalArgumentException("no outlet " + id)).on();
        }
    }

    public void setPower(OutletId id, boolean on) {
        synchronized (lock) {
            bank.setPower(id, on);
        }
    }

    public List<String> logLines() {
        synchronized (logLines) {
            return new ArrayList<>(logLines);
        }
    }

    /** Waits (bounded) until the outlet commands queued so far have run. */
    public boolean drainCommands(long timeoutMs) throws InterruptedException {
        return runner.drain(timeoutMs);
    }

    Object lock() {
        return lock;
    }

    /** Counts a new connection and says which fault it gets (--fail-connections). */
    ApcFault faultForNewConnection() {
        synchronized (lock) {
            connections++;
            boolean faulty = config.faultConnections() == 0 || connections <= config.faultConnections();
            return faulty ? config.fault() : ApcFault.NONE;
        }
    }

    ApcConsole newConsole(ApcFault fault) {
        synchronized (lock) {
            ConsoleSettings settings = new ConsoleSettings(config.firmware(), config.deviceName(), config.users(),
                    fault, config.pageOutletsMax(), garbageSeed++);
            return new ApcConsole(bank, settings);
        }
    }

    void powerChanged(PowerEffect effect) {
        log("outlet " + effect.id() + " (" + effect.name() + ") switched " + (effect.on() ? "on" : "off"));
        runner.submit(effect);
    }

    void log(String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " fence_sim apc: " + message;
        synchronized (logLines) {
            if (logLines.size() >= LOG_LINES_MAX) {
                logLines.removeFirst();
            }
            logLines.addLast(line);
        }
        sink.accept(line);
    }

    @Override
    public void close() {
        if (telnet != null) {
            telnet.close();
        }
        if (ssh != null) {
            ssh.close();
        }
        runner.close();
    }
}
