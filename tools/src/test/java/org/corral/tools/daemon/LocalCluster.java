package org.corral.tools.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.Service;

/**
 * Real corrald processes on 127.0.0.1..N for process tests: each node its own prefix under
 * {@code dir}, names from a hosts file, token 1000 ms so failures are noticed quickly. Every wait
 * is bounded; {@link #close} kills whatever is left.
 */
public final class LocalCluster implements AutoCloseable {
    public static final long WAIT_MS = 90_000;

    private final Path dir;
    private final int size;
    private final Process[] daemons;

    public LocalCluster(Path dir, int size) throws IOException {
        this.dir = dir;
        this.size = size;
        this.daemons = new Process[size + 1];
        StringBuilder hosts = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        for (int k = 1; k <= size; k++) {
            hosts.append("127.0.0.").append(k).append(" node").append(k).append('\n');
            nodes.append("    <clusternode name=\"node").append(k).append("\" nodeid=\"").append(k).append("\"/>\n");
        }
        Files.writeString(dir.resolve("hosts"), hosts);
        // A port of its own, so parallel test runs and ./corral up on 5405 never collide.
        int port = 20_000 + (int) (ProcessHandle.current().pid() % 20_000) * 2;
        String cman = "<cman transport=\"udpu\" port=\"" + port + "\""
                + (size == 2 ? " two_node=\"1\" expected_votes=\"1\"/>" : "/>");
        for (int k = 1; k <= size; k++) {
            Path root = root(k);
            Files.createDirectories(root.resolve("etc/cluster"));
            Files.writeString(root.resolve("etc/cluster/cluster.conf"), "<?xml version=\"1.0\"?>\n"
                    + "<cluster name=\"ptest\" config_version=\"1\">\n  " + cman + "\n"
                    + "  <totem token=\"1000\" secauth=\"on\"/>\n  <clusternodes>\n" + nodes + "  </clusternodes>\n</cluster>\n");
        }
    }

    public Path root(int node) {
        return dir.resolve("node" + node);
    }

    public Path socket(int node) {
        return NodeDaemon.socketPath(root(node));
    }

    public int size() {
        return size;
    }

    /** Starts corrald for {@code node} as a child JVM. */
    public void start(int node) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djdk.net.hosts.file=" + dir.resolve("hosts"),
                // Small enough to find a client that stops reading, large enough for one token visit
                // of 64 KB frames (17 frames, over 1 MiB of deliveries at once).
                "-Dcorral.ipc.backlog.bytes.max=" + (8 << 20),
                "-cp", System.getProperty("java.class.path"), CorraldMain.class.getName(), "-n", "node" + node));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node" + node + ".out").toFile());
        builder.environment().put("CORRAL_ROOT", root(node).toString());
        daemons[node] = builder.start();
    }

    public void startAll() throws IOException {
        for (int k = 1; k <= size; k++) {
            start(k);
        }
    }

    public Process daemon(int node) {
        return daemons[node];
    }

    /** kill -9 of a corrald. */
    public void kill(int node) throws InterruptedException {
        Process process = daemons[node];
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until {@code node}'s ring has {@code members} nodes. */
    public void awaitRing(int node, int members) throws Exception {
        awaitCondition("node" + node + " sees " + members + " members", () -> ringMembers(node) == members);
    }

    /** The member count node's corrald reports, or -1 when it does not answer. */
    public int ringMembers(int node) {
        if (!Files.exists(socket(node))) {
            return -1;
        }
        try (ControlClient client = ControlClient.connect(socket(node), 5000)) {
            ControlFrames.Reply reply = client.call(Service.CFG, "local", List.of());
            return Integer.parseInt(reply.lines().get(2).split("\t")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Polls {@code condition} until it holds; fails with what it waited for and the daemons' logs. */
    public void awaitCondition(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting " + WAIT_MS + " ms for: " + what + "\n" + logs());
            }
            for (int k = 1; k <= size; k++) {
                if (daemons[k] != null && !daemons[k].isAlive() && daemons[k].exitValue() != 137 && daemons[k].exitValue() != 0) {
                    throw new AssertionError("corrald node" + k + " exited with " + daemons[k].exitValue() + "\n" + logs());
                }
            }
            Thread.sleep(20);
        }
    }

    public String logs() {
        StringBuilder text = new StringBuilder();
        for (int k = 1; k <= size; k++) {
            try {
                Path out = dir.resolve("node" + k + ".out");
                if (Files.exists(out)) {
                    text.append("--- node").append(k).append(" stdout/stderr:\n").append(Files.readString(out, StandardCharsets.UTF_8));
                }
                Path log = root(k).resolve("var/log/cluster/corosync.log");
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    text.append("--- node").append(k).append(" corosync.log (tail):\n");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> text.append(l).append('\n'));
                }
            } catch (IOException e) {
                text.append("(log unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (int k = 1; k <= size; k++) {
            if (daemons[k] != null && daemons[k].isAlive()) {
                daemons[k].destroy();
            }
        }
        for (int k = 1; k <= size; k++) {
            if (daemons[k] != null && !daemons[k].waitFor(10, TimeUnit.SECONDS)) {
                daemons[k].destroyForcibly();
                daemons[k].waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
