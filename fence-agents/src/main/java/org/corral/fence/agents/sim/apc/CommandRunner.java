package org.corral.fence.agents.sim.apc;

import java.io.File;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the shell command bound to an outlet's new state ({@code sh -c}), one at a time and in
 * order (a reboot's off runs before its on), each bounded by a timeout, off the console threads so
 * that a slow command never stalls a dialogue. The command sees OUTLET, OUTLET_NAME and STATE.
 */
final class CommandRunner implements AutoCloseable {
    public static final int QUEUED_COMMANDS_MAX = 256;

    private final Map<OutletId, String> onCommands;
    private final Map<OutletId, String> offCommands;
    private final String anyCommand;
    private final long commandTimeoutMs;
    private final Consumer<String> log;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "apc-sim-commands");
        thread.setDaemon(true);
        return thread;
    });
    private int queued;

    CommandRunner(Map<OutletId, String> onCommands, Map<OutletId, String> offCommands, String anyCommand,
                  long commandTimeoutMs, Consumer<String> log) {
        this.onCommands = new TreeMap<>(onCommands);
        this.offCommands = new TreeMap<>(offCommands);
        this.anyCommand = anyCommand;
        this.commandTimeoutMs = commandTimeoutMs;
        this.log = log;
    }

    synchronized void submit(PowerEffect effect) {
        String command = (effect.on() ? onCommands : offCommands).getOrDefault(effect.id(), anyCommand);
        String what = "outlet " + effect.id() + " (" + effect.name() + ") " + (effect.on() ? "on" : "off");
        if (command == null || command.isEmpty()) {
            log.accept(what + ": no command bound");
            return;
        }
        if (queued >= QUEUED_COMMANDS_MAX) {
            log.accept(what + ": command dropped, " + QUEUED_COMMANDS_MAX + " commands already queued");
            return;
        }
        queued++;
        worker.execute(() -> {
            try {
                run(effect, command, what);
            } finally {
                synchronized (this) {
                    queued--;
                }
            }
        });
    }

    private void run(PowerEffect effect, String command, String what) {
        log.accept(what + ": running: " + command);
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
            builder.environment().put("OUTLET", effect.id().toString());
            builder.environment().put("OUTLET_NAME", effect.name());
            builder.environment().put("STATE", effect.on() ? "on" : "off");
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process process = builder.start();
            if (!process.waitFor(commandTimeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.accept(what + ": command killed after " + commandTimeoutMs + " ms");
                return;
            }
            log.accept(what + ": command exited " + process.exitValue());
        } catch (java.io.IOException e) {
            log.accept(what + ": command could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) for queued commands, e.g. in tests or at shutdown. */
    boolean drain(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (queued == 0) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
