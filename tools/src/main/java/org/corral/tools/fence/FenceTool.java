package org.corral.tools.fence;

import java.io.PrintStream;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.cman.CmanClient;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * fence_tool {@code ls [-n] | join | leave | dump | history} with {@code -w [secs]} (wait for the join or
 * leave to complete, at most secs), {@code -t secs} (how long; 0 = forever) and {@code -m secs} (join: wait that
 * long for every configured node to be a cluster member first, as the init script passes
 * FENCED_MEMBER_DELAY on two-node clusters). {@code history} is beyond RHCS: every agent run.
 */
public final class FenceTool {
    static final String PROGRAM = "fence_tool";
    static final String NOT_RUNNING = "fenced not running";

    private FenceTool() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = null;
        boolean nodes = false;
        boolean wait = false;
        int timeout = 0;
        int memberDelay = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-n" -> nodes = true;
                    case "-w" -> {
                        // fence_tool join -w SECS (the init script's form) or a bare -w with -t.
                        wait = true;
                        if (i + 1 < args.length && args[i + 1].matches("\\d+")) {
                            timeout = Integer.parseInt(args[++i]);
                        }
                    }
                    case "-q" -> { }
                    case "-h" -> {
                        usage(out);
                        return 0;
                    }
                    case "-t", "-m" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("option requires an argument -- '" + args[i].substring(1) + "'");
                        }
                        int value = Integer.parseInt(args[++i]);
                        if (args[i - 1].equals("-t")) {
                            timeout = value;
                        } else {
                            memberDelay = value;
                        }
                    }
                    default -> {
                        if (args[i].startsWith("-") || command != null) {
                            throw new IllegalArgumentException("invalid option -- '" + args[i] + "'");
                        }
                        command = args[i];
                    }
                }
            }
        } catch (NumberFormatException e) {
            err.println(PROGRAM + ": -t and -m need a number of seconds");
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
        if (command == null) {
            usage(err);
            return 1;
        }
        try {
            return switch (command) {
                case "ls" -> print(out, "ls", nodes ? List.of("-n") : List.of());
                case "dump" -> print(out, "dump", List.of());
                case "history" -> print(out, "history", List.of());
                case "join" -> join(wait, timeout, memberDelay, out);
                case "leave" -> leave(wait, timeout, out);
                default -> {
                    err.println(PROGRAM + ": unknown command " + command);
                    usage(err);
                    yield 1;
                }
            };
        } catch (CmanClient.Failure e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    private static int print(PrintStream out, String command, List<String> args) throws CmanClient.Failure {
        try (ControlClient client = CmanClient.connect(NOT_RUNNING)) {
            for (String line : CmanClient.call(client, Service.FENCE, command, args)) {
                out.println(line);
            }
            return 0;
        }
    }

    private static int join(boolean wait, int timeout, int memberDelay, PrintStream out) throws CmanClient.Failure {
        long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000_000L : Long.MAX_VALUE;
        try (ControlClient client = CmanClient.connect(NOT_RUNNING)) {
            if (memberDelay > 0) {
                waitForAllMembers(client, memberDelay);
            }
            if (joined(client)) {
                throw new CmanClient.Failure("fenced already joined");
            }
            CmanClient.call(client, Service.FENCE, "join", List.of());
            if (!wait) {
                return 0;
            }
            long lastNote = System.nanoTime();
            while (!joined(client)) {
                if (System.nanoTime() > deadline) {
                    throw new CmanClient.Failure("join not complete");
                }
                if (System.nanoTime() - lastNote > 10_000_000_000L) {
                    out.println("fence_tool: waiting for fenced to join the fence group.");
                    lastNote = System.nanoTime();
                }
                sleep();
            }
            return 0;
        }
    }

    /** -m: give every configured node up to {@code seconds} to become a cluster member (avoids startup fencing). */
    private static void waitForAllMembers(ControlClient client, int seconds) throws CmanClient.Failure {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<String> nodes = CmanClient.call(client, Service.QUORUM, "nodes", List.of("-F", "type"));
            if (nodes.stream().allMatch(line -> line.strip().equals("M"))) {
                return;
            }
            sleep();
        }
    }

    private static int leave(boolean wait, int timeout, PrintStream out) throws CmanClient.Failure {
        long deadline = timeout > 0 ? System.nanoTime() + timeout * 1_000_000_000L : Long.MAX_VALUE;
        try (ControlClient client = CmanClient.connect(NOT_RUNNING)) {
            CmanClient.call(client, Service.FENCE, "leave", List.of());
            while (wait && joined(client)) {
                if (System.nanoTime() > deadline) {
                    throw new CmanClient.Failure("leave not complete");
                }
                sleep();
            }
            return 0;
        }
    }

    private static boolean joined(ControlClient client) throws CmanClient.Failure {
        return CmanClient.field(CmanClient.call(client, Service.FENCE, "info", List.of()), "joined").equals("1");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void usage(PrintStream s) {
        s.println("Usage:");
        s.println();
        s.println("fence_tool [options] [ls|join|leave|dump|history]");
        s.println();
        s.println("Options:");
        s.println("  -w               Wait for join or leave to complete");
        s.println("  -t <secs>        Timeout for -w, 0 waits forever (default 0)");
        s.println("  -m <secs>        Delay join up to <secs> for all nodes in cluster.conf to be members");
        s.println("  -n               Show all node information in ls");
        s.println("  -h               Print this help, then exit");
    }
}
