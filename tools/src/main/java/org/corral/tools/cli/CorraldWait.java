package org.corral.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.cman.CmanClient;
import org.corral.tools.daemon.NodeDaemon;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * corrald-wait [-m members] [-t seconds] [-q] [[-r root] [-p pid]]...: waits until each named node's corrald
 * answers and its ring has at least {@code members} nodes (default 1), and with {@code -q} until its
 * cman is quorate too, then prints each node's ring members, one line per node in the order given.
 * Each {@code -r} names another node by its CORRAL_ROOT (default: $CORRAL_ROOT alone); a {@code -p}
 * after it is that node's corrald pid. Exit 1 with one line when the time (default 30 s) runs out,
 * or at once when a corrald of {@code -p} has exited. {@code ./corral up} waits for all its nodes
 * with one call: one JVM start instead of one per node.
 */
public final class CorraldWait {
    private static final String PROGRAM = "corrald-wait";
    private static final String USAGE = "usage: corrald-wait [-m members] [-t seconds] [-q] [[-r root] [-p corrald-pid]]...";
    /** Short enough to add little to a start-up measured in hundreds of milliseconds; a poll is one local request. */
    private static final long POLL_MS = 20;
    /** A limit on -r: cman's node count. */
    private static final int NODES_MAX = 256;

    private CorraldWait() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    /** One node to wait for; {@code line} is what gets printed once it is ready. */
    private static final class Target {
        final Path root;
        long pid = -1;
        String line;
        String last;

        Target(Path root) {
            this.root = root;
            this.last = "no answer from corrald at " + NodeDaemon.socketPath(root);
        }
    }

    private record Options(int members, int seconds, boolean quorum, List<Target> targets) {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
            if (options == null) {
                out.println(USAGE);
                return 0;
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println(PROGRAM + ": " + (e instanceof ArrayIndexOutOfBoundsException ? "option needs a value" : e.getMessage()));
            return 1;
        }
        long deadline = System.nanoTime() + options.seconds() * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Target target : options.targets()) {
                if (target.line != null) {
                    continue;
                }
                if (target.pid > 0 && !ProcessHandle.of(target.pid).map(ProcessHandle::isAlive).orElse(false)) {
                    err.println(PROGRAM + ": corrald (pid " + target.pid + ") exited: " + target.last);
                    return 1;
                }
                poll(target, options);
                all &= target.line != null;
            }
            if (all) {
                for (Target target : options.targets()) {
                    out.println(target.line);
                }
                return 0;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        for (Target target : options.targets()) {
            if (target.line == null) {
                err.println(PROGRAM + ": gave up after " + options.seconds() + " s: " + target.last
                        + (options.targets().size() > 1 ? " (" + target.root + ")" : ""));
                return 1;
            }
        }
        return 1;
    }

    /** Null for -h. */
    private static Options parse(String[] args) {
        int members = 1;
        int seconds = 30;
        boolean quorum = false;
        List<Target> targets = new ArrayList<>();
        Long pendingPid = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h" -> {
                    return null;
                }
                case "-m" -> members = Integer.parseInt(args[++i]);
                case "-t" -> seconds = Integer.parseInt(args[++i]);
                case "-q" -> quorum = true;
                case "-r" -> {
                    String root = args[++i];
                    if (root.isEmpty()) {
                        throw new IllegalArgumentException("-r needs a directory");
                    }
                    targets.add(new Target(Path.of(root).toAbsolutePath()));
                    if (targets.size() > NODES_MAX) {
                        throw new IllegalArgumentException("more than " + NODES_MAX + " nodes (-r)");
                    }
                }
                case "-p" -> {
                    long pid = Long.parseLong(args[++i]);
                    if (pid < 1) {
                        throw new IllegalArgumentException("-p must be a process id");
                    }
                    if (targets.isEmpty()) {
                        if (pendingPid != null) {
                            throw new IllegalArgumentException("two -p for one node (give -r before each -p)");
                        }
                        pendingPid = pid;
                    } else if (targets.get(targets.size() - 1).pid > 0) {
                        throw new IllegalArgumentException("two -p for one node (give -r before each -p)");
                    } else {
                        targets.get(targets.size() - 1).pid = pid;
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (members < 1 || seconds < 1) {
            throw new IllegalArgumentException("-m and -t must be positive");
        }
        if (targets.isEmpty()) {
            targets.add(new Target(Cli.root()));
        }
        if (pendingPid != null) {
            if (targets.get(0).pid > 0) {
                throw new IllegalArgumentException("two -p for one node (give -r before each -p)");
            }
            targets.get(0).pid = pendingPid;
        }
        return new Options(members, seconds, quorum, targets);
    }

    /** One look at one node: sets {@code line} when it is ready, else {@code last} says why not. */
    private static void poll(Target target, Options options) {
        Path socket = NodeDaemon.socketPath(target.root);
        if (!Files.exists(socket)) {
            return;
        }
        try (ControlClient client = ControlClient.connect(socket, Cli.WAIT_MS)) {
            List<String> local = Cli.call(client, Service.CFG, "local", List.of());
            int have = Integer.parseInt(Cli.fields(local.get(2), 2)[1]);
            target.last = "the ring has " + have + " of " + options.members() + " nodes";
            if (have < options.members()) {
                return;
            }
            if (options.quorum()) {
                String quorate = CmanClient.field(CmanClient.call(client, Service.QUORUM, "info", List.of()), "quorate");
                if (!quorate.equals("1")) {
                    target.last = "the ring has " + have + " nodes but is not quorate";
                    return;
                }
            }
            target.line = membersLine(client, local);
        } catch (IOException | Cli.Failure | CmanClient.Failure | RuntimeException e) {
            target.last = e.getMessage();
        }
    }

    private static String membersLine(ControlClient client, List<String> local) throws Cli.Failure {
        StringBuilder joined = new StringBuilder();
        String prefix = "runtime.totem.pg.mrp.srp.members.";
        for (String line : Cli.call(client, Service.CMAP, "list", List.of(prefix))) {
            String[] f = Cli.fields(line, 3);
            if (f[0].endsWith(".status") && f[2].equals("joined")) {
                joined.append(' ').append(f[0], prefix.length(), f[0].length() - ".status".length());
            }
        }
        return Cli.fields(local.get(1), 2)[1] + " (node " + Cli.fields(local.get(0), 2)[1] + "): ring members" + joined;
    }
}
