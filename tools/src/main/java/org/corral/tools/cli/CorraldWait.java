package org.corral.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * corrald-wait [-m members] [-t seconds] [-p pid]: waits until this node's corrald answers and its ring has
 * at least {@code members} nodes (default 1), then prints the ring's members. Exit 1 with one line
 * when the time (default 30 s) runs out, or at once when the corrald of {@code -p} has exited. {@code ./corral up} uses it.
 */
public final class CorraldWait {
    private static final String PROGRAM = "corrald-wait";
    private static final long POLL_MS = 50;

    private CorraldWait() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int members = 1;
        int seconds = 30;
        long pid = -1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h" -> {
                        out.println("usage: corrald-wait [-m members] [-t seconds] [-p corrald-pid]");
                        return 0;
                    }
                    case "-m" -> members = Integer.parseInt(args[++i]);
                    case "-t" -> seconds = Integer.parseInt(args[++i]);
                    case "-p" -> pid = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (members < 1 || seconds < 1) {
                throw new IllegalArgumentException("-m and -t must be positive");
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            err.println(PROGRAM + ": " + (e instanceof ArrayIndexOutOfBoundsException ? "option needs a value" : e.getMessage()));
            return 1;
        }
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String last = "no answer from corrald at " + Cli.socket();
        while (System.nanoTime() < deadline) {
            if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                err.println(PROGRAM + ": corrald (pid " + pid + ") exited: " + last);
                return 1;
            }
            if (Files.exists(Cli.socket())) {
                try (ControlClient client = ControlClient.connect(Cli.socket(), Cli.WAIT_MS)) {
                    List<String> local = Cli.call(client, Service.CFG, "local", List.of());
                    int have = Integer.parseInt(Cli.fields(local.get(2), 2)[1]);
                    last = "the ring has " + have + " of " + members + " nodes";
                    if (have >= members) {
                        print(client, local, out);
                        return 0;
                    }
                } catch (IOException | Cli.Failure | RuntimeException e) {
                    last = e.getMessage();
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        err.println(PROGRAM + ": gave up after " + seconds + " s: " + last);
        return 1;
    }

    private static void print(ControlClient client, List<String> local, PrintStream out) throws Cli.Failure {
        StringBuilder joined = new StringBuilder();
        String prefix = "runtime.totem.pg.mrp.srp.members.";
        for (String line : Cli.call(client, Service.CMAP, "list", List.of(prefix))) {
            String[] f = Cli.fields(line, 3);
            if (f[0].endsWith(".status") && f[2].equals("joined")) {
                joined.append(' ').append(f[0], prefix.length(), f[0].length() - ".status".length());
            }
        }
        out.println(Cli.fields(local.get(1), 2)[1] + " (node " + Cli.fields(local.get(0), 2)[1] + "): ring members"
                + joined);
    }
}
