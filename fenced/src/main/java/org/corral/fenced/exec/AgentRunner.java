package org.corral.fenced.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.corral.fenced.core.AgentArgs;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEvent.AgentOutcome;

/**
 * Runs fence agents as child processes, FenceAgentAPI style: no command-line arguments (so
 * {@code ps} never shows a password), the {@code key=value} lines on stdin, stdin closed, stdout
 * and stderr captured together (libfence dup'ed both onto one pipe) up to {@link #OUTPUT_BYTES_MAX},
 * exit status 0 = success. An agent that overruns its timeout is killed with its whole process
 * tree and reported as TIMEOUT. Runs happen on this runner's own threads, never on the event
 * loop: {@link #submit} returns at once and the result is handed to the caller's {@code post}
 * (the daemon posts it onto its loop as an AgentFinished event).
 */
public final class AgentRunner implements AutoCloseable {
    public static final int OUTPUT_BYTES_MAX = 64 * 1024;
    public static final int CONCURRENT_RUNS_MAX = 4;
    public static final int QUEUED_RUNS_MAX = 64;
    /** After the agent exited or was killed, how long its output pipe may stay open (grandchildren). */
    private static final long DRAIN_MS = 2_000;

    private final AgentLocator locator;
    private final ExecutorService workers;

    public AgentRunner(AgentLocator locator) {
        this.locator = locator;
        this.workers = new ThreadPoolExecutor(CONCURRENT_RUNS_MAX, CONCURRENT_RUNS_MAX, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_RUNS_MAX), runnable -> {
                    Thread thread = new Thread(runnable, "fence-agent");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs off the caller's thread; {@code post} gets exactly one result, FORK when the queue is full. */
    public void submit(RunAgent run, Consumer<AgentResult> post) {
        try {
            workers.execute(() -> post.accept(runNow(run)));
        } catch (RejectedExecutionException e) {
            post.accept(new AgentResult(run.runId(), AgentOutcome.FORK, -1, List.of(), 0,
                    "too many agent runs queued (" + QUEUED_RUNS_MAX + ")"));
        }
    }

    /** Runs the agent on the calling thread (fence_node does; the daemon never does). */
    public AgentResult runNow(RunAgent run) {
        long start = System.nanoTime();
        Optional<Path> agent = locator.find(run.agent());
        if (agent.isEmpty()) {
            // libfence forked, execlp failed and the child exited 1: fenced saw "error from agent".
            return new AgentResult(run.runId(), AgentOutcome.ERROR, 127, List.of(), 0,
                    "agent " + run.agent() + " not found");
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(agent.get().toString());
            builder.redirectErrorStream(true);
            process = builder.start();
        } catch (IOException e) {
            return new AgentResult(run.runId(), AgentOutcome.FORK, -1, List.of(), elapsedMs(start),
                    "cannot run " + agent.get() + ": " + e.getMessage());
        }
        OutputCollector collector = new OutputCollector(process.getInputStream());
        collector.start();
        writeStdin(process, run.stdinLines());
        boolean exited;
        try {
            exited = process.waitFor(run.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            killTree(process);
        }
        collector.awaitEnd(DRAIN_MS);
        List<String> output = collector.lines(run.stdinLines());
        long duration = elapsedMs(start);
        if (!exited) {
            return new AgentResult(run.runId(), AgentOutcome.TIMEOUT, -1, output, duration,
                    "killed after " + run.timeoutMs() + " ms");
        }
        int code = process.exitValue();
        return new AgentResult(run.runId(), code == 0 ? AgentOutcome.SUCCESS : AgentOutcome.ERROR, code, output, duration,
                "exit " + code);
    }

    private static void writeStdin(Process process, List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The agent closed stdin early (it may not read it at all): its exit status decides.
        }
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** Reads the agent's output on its own thread so a chatty agent never blocks on a full pipe. */
    private static final class OutputCollector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean truncated;

        OutputCollector(InputStream in) {
            super("fence-agent-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        int room = OUTPUT_BYTES_MAX - kept.size();
                        kept.write(buffer, 0, Math.max(0, Math.min(room, n)));
                        truncated |= n > room;
                    }
                }
            } catch (IOException e) {
                // Pipe closed under us (the process was killed): keep what we have.
            }
        }

        void awaitEnd(long ms) {
            try {
                join(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (isAlive()) {
                try {
                    in.close();
                } catch (IOException e) {
                    // Nothing more to read either way.
                }
            }
        }

        synchronized List<String> lines(List<String> stdinLines) {
            String text = AgentArgs.scrub(kept.toString(StandardCharsets.UTF_8), stdinLines);
            List<String> out = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (!line.isEmpty()) {
                    out.add(line);
                }
            }
            if (truncated) {
                out.add("[output truncated at " + OUTPUT_BYTES_MAX + " bytes]");
            }
            return out;
        }
    }
}
