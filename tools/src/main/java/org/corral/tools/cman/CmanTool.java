package org.corral.tools.cman;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * cman_tool (cluster 3): {@code join|leave|kill|expected|votes|version|wait|status|nodes} with
 * cman's options, messages and exit codes (reference/rhcs.md §1), plus {@code --json} for status
 * and nodes. The subcommand may stand anywhere among the options, as with cman_tool's getopt.
 * {@code join} starts corrald in the background (cman_tool exec'ed corosync the same way).
 */
public final class CmanTool {
    static final String PROGRAM = "cman_tool";
    static final String NOT_RUNNING = "Cannot open connection to cman, is it running ?";
    static final List<String> COMMANDS = List.of("join", "leave", "kill", "expected", "votes", "version", "wait",
            "status", "nodes", "services", "debug");

    private CmanTool() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    /** The parsed command line. */
    static final class Options {
        String command;
        final List<String> positional = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        Integer expected;
        Integer votes;
        Integer timeout;
        String fields;
        String clusterName;
        boolean addresses;
        boolean wait;
        boolean quorum;
        boolean json;
        boolean twoNode;
        boolean reload;
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D") || a.startsWith("-d") && !a.equals("-d")) {
                continue; // validation / debug levels: accepted, nothing to do here
            }
            switch (a) {
                case "-a" -> o.addresses = true;
                case "-w" -> o.wait = true;
                case "-q" -> o.quorum = true;
                case "-2" -> o.twoNode = true;
                case "-r" -> {
                    o.reload = true;
                    if (i + 1 < args.length && args[i + 1].matches("\\d+")) {
                        i++;
                        System.err.println("Warning: specifying a version for the -r flag is deprecated and no longer used");
                    }
                }
                case "--json" -> o.json = true;
                case "-z", "-S", "-f", "-X", "-A", "-P", "-d" -> { }
                case "-e", "-v", "-t", "-n", "-F", "-c", "-m", "-p", "-N", "-C", "-k", "-o" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option requires an argument -- '" + a.substring(1) + "'");
                    }
                    String v = args[++i];
                    switch (a) {
                        case "-e" -> o.expected = number(v, "expected votes");
                        case "-v" -> o.votes = number(v, "votes");
                        case "-t" -> o.timeout = number(v, "timeout");
                        case "-n" -> {
                            if (o.names.size() == 10) {
                                throw new IllegalArgumentException("Too many node names specified");
                            }
                            o.names.add(v);
                        }
                        case "-F" -> o.fields = v;
                        case "-c" -> o.clusterName = v;
                        default -> { }
                    }
                }
                case "-h", "-?" -> o.command = "help";
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("invalid option -- '" + a.substring(1) + "'");
                    }
                    if (o.command == null) {
                        o.command = a;
                    } else {
                        o.positional.add(a);
                    }
                }
            }
        }
        return o;
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " '" + text + "'");
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
        if (o.command == null || o.command.equals("help")) {
            usage(o.command == null ? err : out);
            return o.command == null ? 1 : 0;
        }
        if (!COMMANDS.contains(o.command)) {
            err.println(PROGRAM + ": unknown option " + o.command);
            usage(err);
            return 1;
        }
        if (o.timeout != null && !(o.wait || o.command.equals("wait") || o.command.equals("leave"))) {
            err.println(PROGRAM + ": timeout is only appropriate with wait");
            return 1;
        }
        try {
            return switch (o.command) {
                case "join" -> CmanJoin.join(o, out, err);
                case "wait" -> waitFor(o.quorum, o.timeout == null ? 0 : o.timeout, err);
                case "leave" -> leave(o, err);
                default -> once(o, out);
            };
        } catch (CmanClient.Failure e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return e.exitCode();
        }
    }

    private static int once(Options o, PrintStream out) throws CmanClient.Failure {
        // cman_tool checks its own arguments before it talks to cman.
        if (o.command.equals("expected") && o.expected == null) {
            throw new CmanClient.Failure("No expected votes value specified");
        }
        if (o.command.equals("votes") && o.votes == null) {
            throw new CmanClient.Failure("No votes value specified");
        }
        if (o.command.equals("kill") && o.names.isEmpty()) {
            throw new CmanClient.Failure("No node name specified");
        }
        try (ControlClient client = CmanClient.connect(NOT_RUNNING)) {
            switch (o.command) {
                case "status" -> print(out, CmanClient.call(client, Service.QUORUM, "status",
                        o.json ? List.of("json") : List.of()));
                case "nodes" -> print(out, CmanClient.call(client, Service.QUORUM, "nodes", nodesArguments(o)));
                case "expected" -> {
                    if (o.expected == null) {
                        throw new CmanClient.Failure("No expected votes value specified");
                    }
                    change(client, "expected", List.of(Integer.toString(o.expected)), "can't set expected votes");
                }
                case "votes" -> {
                    if (o.votes == null) {
                        throw new CmanClient.Failure("No votes value specified");
                    }
                    List<String> args = new ArrayList<>(List.of(Integer.toString(o.votes)));
                    if (!o.names.isEmpty()) {
                        args.add(o.names.get(0));
                    }
                    change(client, "votes", args, "can't set votes");
                }
                case "kill" -> {
                    return kill(client, o);
                }
                case "version" -> version(client, o, out);
                case "services" -> {
                    try {
                        print(out, CmanClient.call(client, Service.FENCE, "ls", List.of()));
                    } catch (CmanClient.Failure f) {
                        // no fence domain joined: group_tool printed nothing either
                    }
                }
                case "debug" -> { }
                default -> throw new CmanClient.Failure("unknown option " + o.command);
            }
            return 0;
        }
    }

    private static List<String> nodesArguments(Options o) {
        List<String> args = new ArrayList<>();
        if (o.addresses) {
            args.add("-a");
        }
        for (String name : o.names) {
            args.add("-n");
            args.add(name);
        }
        if (o.fields != null) {
            args.add("-F");
            args.add(o.fields);
        }
        if (o.json) {
            args.add("--json");
        }
        return args;
    }

    private static int kill(ControlClient client, Options o) {
        int code = 0;
        for (String name : o.names) {
            try {
                CmanClient.call(client, Service.QUORUM, "kill", List.of(name));
            } catch (CmanClient.Failure f) {
                System.err.println(PROGRAM + ": Can't kill node " + name + " : " + f.getMessage());
                code = 1;
            }
        }
        return code;
    }

    private static void version(ControlClient client, Options o, PrintStream out) throws CmanClient.Failure {
        if (o.reload) {
            try {
                CmanClient.call(client, Service.QUORUM, "reload", List.of());
            } catch (CmanClient.Failure f) {
                // cman_tool's words for ccs_config_validate -R's exit 254, or the load failure
                throw new CmanClient.Failure(f.getMessage().startsWith("New configuration version")
                        ? "Not reloading, config version older or equal the running config"
                        : "Not reloading, configuration is not valid: " + f.getMessage());
            }
            return;
        }
        List<String> info = CmanClient.call(client, Service.QUORUM, "info", List.of());
        out.println("6.2.0 config " + CmanClient.field(info, "version"));
    }

    private static void change(ControlClient client, String command, List<String> args, String prefix)
            throws CmanClient.Failure {
        try {
            CmanClient.call(client, Service.QUORUM, command, args);
        } catch (CmanClient.Failure f) {
            String why = f.status() == org.corral.tools.ipc.ControlService.Answer.ERR_ACCESS ? "Operation not permitted"
                    : f.getMessage();
            throw new CmanClient.Failure(prefix + ": " + why);
        }
    }

    private static void print(PrintStream out, List<String> lines) {
        for (String line : lines) {
            out.println(line);
        }
    }

    /** cman_tool wait [-q] [-t s]: until this node is a member (and quorate with -q); 0 = forever. */
    static int waitFor(boolean quorum, int timeoutSeconds, PrintStream err) {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (timeoutSeconds <= 0 || System.nanoTime() < deadline) {
            if (Files.exists(CmanClient.socket())) {
                try (ControlClient client = CmanClient.connect(NOT_RUNNING)) {
                    List<String> info = CmanClient.call(client, Service.QUORUM, "info", List.of());
                    boolean member = !CmanClient.field(info, "members").equals("0");
                    if (member && (!quorum || CmanClient.field(info, "quorate").equals("1"))) {
                        return 0;
                    }
                } catch (CmanClient.Failure e) {
                    // not up yet: keep waiting
                }
            }
            CmanClient.sleep(200);
        }
        err.println(PROGRAM + ": Timed-out waiting for cluster");
        return 2;
    }

    /** cman_tool leave [remove] [force] [-w] [-t s]: asks corrald to leave and waits until it is gone. */
    private static int leave(Options o, PrintStream err) throws CmanClient.Failure {
        var pid = CmanClient.runningPid();
        try (ControlClient client = CmanClient.connect(NOT_RUNNING)) {
            try {
                CmanClient.call(client, Service.QUORUM, "leave", o.positional.contains("remove") ? List.of("remove")
                        : List.of());
            } catch (CmanClient.Failure f) {
                throw new CmanClient.Failure("Error leaving cluster: " + f.getMessage());
            }
        }
        int seconds = o.timeout == null ? 60 : o.timeout;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                err.println(PROGRAM + ": Timed-out waiting for cluster");
                return 2;
            }
            CmanClient.sleep(100);
        }
        return 0;
    }

    static void usage(PrintStream s) {
        s.println("Usage:");
        s.println();
        s.println("cman_tool <join|leave|kill|expected|votes|version|wait|status|nodes|services|debug> [options]");
        s.println();
        s.println("Options:");
        s.println("  -h               Print this help, then exit");
        s.println("  -V               Print program version information, then exit");
        s.println("  -d               Enable debug output");
        s.println();
        s.println("join");
        s.println("  -n <nodename>    The name of this node (defaults to hostname)");
        s.println("  -e <votes>       Number of expected votes for the cluster");
        s.println("  -v <votes>       Number of votes this node has");
        s.println("  -2               This is a two node cluster (-e must be 1)");
        s.println("  -w               Wait until node has joined a cluster");
        s.println("  -q               Wait until the cluster is quorate");
        s.println("  -t               Maximum time (in seconds) to wait");
        s.println();
        s.println("wait               Wait until the node is a member of a cluster");
        s.println("  -q               Wait until the cluster is quorate");
        s.println("  -t               Maximum time (in seconds) to wait");
        s.println();
        s.println("leave");
        s.println("  -w               If cluster is in transition, wait and keep trying");
        s.println("  -t               Maximum time (in seconds) to wait");
        s.println("  remove           Tell other nodes to ajust quorum downwards if necessary");
        s.println("  force            Leave even if cluster subsystems are active");
        s.println();
        s.println("kill");
        s.println("  -n <nodename>    The name of the node to kill (can specify multiple times)");
        s.println();
        s.println("expected");
        s.println("  -e <votes>       New number of expected votes for the cluster");
        s.println();
        s.println("votes");
        s.println("  -v <votes>       New number of votes for this node");
        s.println("  -n <nodename>    Node to change votes for");
        s.println();
        s.println("status             Show local record of cluster status (--json: as JSON)");
        s.println();
        s.println("nodes              Show local record of cluster nodes");
        s.println("  -a               Also show node address(es)");
        s.println("  -n <nodename>    Only show information for specific node");
        s.println("  -F <format>      Specify output format (see man page)");
        s.println();
        s.println("version            Show running cluster configuration version");
        s.println("  -r               Reload cluster.conf and update config version.");
    }

    /** Unused by the JDK; keeps the environment map type visible for CmanJoin. */
    static Map<String, String> env() {
        return System.getenv();
    }

    static Path root() {
        return CmanClient.root();
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // stale files are harmless
        }
    }
}
