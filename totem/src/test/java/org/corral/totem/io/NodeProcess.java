package org.corral.totem.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@link TotemNodeMain} in its own JVM, for process tests: its stdout lines are collected,
 * tests wait on a line matching a condition (generous bounds, never a bare sleep), and it is
 * killed with SIGKILL when the test ends. {@code prefix} runs it through a command such as
 * {@code ip netns exec NS}.
 */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Writer stdin;
    final int nodeId;

    NodeProcess(int nodeId, List<String> prefix, List<String> args, Path log) throws IOException {
        this(nodeId, prefix, List.of(), args, log);
    }

    NodeProcess(int nodeId, List<String> prefix, List<String> jvmArgs, List<String> args, Path log) throws IOException {
        this.nodeId = nodeId;
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=disabled"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TotemNodeMain.class.getName()));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "node-" + nodeId + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    long pid() {
        return process.pid();
    }

    /** Waits until a line from index {@code from} on matches; returns its index, or throws with the tail. */
    int await(Predicate<String> condition, int from, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lines) {
            int index = from;
            while (true) {
                for (; index < lines.size(); index++) {
                    if (condition.test(lines.get(index))) {
                        return index;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("node " + nodeId + ": no line for '" + what + "' within " + timeoutMs
                            + " ms; last lines:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Like {@link #await} but answers false at the bound instead of failing. */
    boolean awaitQuietly(Predicate<String> condition, int from, long timeoutMs) throws InterruptedException {
        try {
            await(condition, from, timeoutMs, "quiet");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    void signal(String name) throws IOException, InterruptedException {
        // The shell's builtin kill: a fresh Debian may lack procps' /bin/kill; Java cannot send SIGSTOP.
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid()).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    int waitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node " + nodeId + " did not exit within " + timeoutMs + " ms");
        }
        return process.exitValue();
    }

    /** The ring seq printed in a CONFIG line ("ring=1.9" gives 9). */
    static long ringSeq(String configLine) {
        String ring = field(configLine, "ring");
        return Long.parseLong(ring.substring(ring.indexOf('.') + 1));
    }

    static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "";
    }

    static Predicate<String> regular(String members) {
        return line -> line.startsWith("CONFIG type=REGULAR ") && field(line, "members").equals(members);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                signal("CONT");
            } catch (IOException | AssertionError e) {
                // already gone
            }
            killHard();
        }
    }
}
