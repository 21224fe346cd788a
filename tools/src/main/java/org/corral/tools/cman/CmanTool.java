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
        String multicast;
        Integer port;
        Integer nodeId;
        String keyFile;
        /** -D: FAIL (the default), WARN or NONE, as cman_tool's config validation levels. */
        String validation = "FAIL";
        boolean noConfig;
        boolean debug;
        boolean addresses;
        boolean wait;
        boolean quorum;
        boolean json;
        boolean twoNode;
        boolean reload;
    }

    /** cman_tool's limits (cman_tool.h, libcman.h). */
    static final int NODE_NAME_LENGTH_MAX = 65;
    static final int CLUSTER_NAME_LENGTH_MAX = 16;
    static final int NODE_ID_MAX = 4096;
    static final int PORT_MAX = 65535;

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D")) {
                o.validation = validation(a.substring(2));
                continue;
            }
            if (a.startsWith("-d")) {
                o.debug = true; // -d[level]: the level only mattered to cman's own debug mask
                continue;
            }
            switch (a) {
                case "-a" -> o.addresses = true;
                case "-w" -> o.wait = true;
                case "-q" -> o.quorum = true;
                case "-2" -> o.twoNode = true;
                case "-X" -> o.noConfig = true;
                case "-r" -> {
                    o.reload = true;
                    if (i + 1 < args.length && args[i + 1].matches("\\d+")) {
                        i++;
                        System.err.println("Warning: specifying a version for the -r flag is deprecated and no longer used");
                    }
                }
                case "--json" -> o.json = true;
                case "-z", "-S", "-f", "-A", "-P" -> { }
                case "-e", "-v", "-t", "-n", "-F", "-c", "-m", "-p", "-N", "-C", "-k", "-o" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option requires an argument -- '" + a.substring(1) + "'");
                    }
                    value(o, a.charAt(1), args[++i]);
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

    /** One option that takes a value, checked as cman_tool's decode_arguments checked it. */
    private static void value(Options o, char option, String v) {
        switch (option) {
            case 'e' -> o.expected = number(v, option);
            case 'v' -> o.votes = number(v, option);
            case 't' -> o.timeout = number(v, option);
            case 'p' -> o.port = number(v, option);
            case 'N' -> o.nodeId = number(v, option);
            case 'n' -> {
                if (o.names.size() == 10) {
                    throw new IllegalArgumentException("maximum of 10 node names allowed");
                }
                if (v.length() > NODE_NAME_LENGTH_MAX) {
                    throw new IllegalArgumentException("maximum node name length is " + NODE_NAME_LENGTH_MAX);
                }
                o.names.add(v);
            }
            case 'c' -> {
                if (v.length() > NODE_NAME_LENGTH_MAX - 1) {
                    throw new IllegalArgumentException("maximum cluster name length is " + (NODE_NAME_LENGTH_MAX - 1));
                }
                o.clusterName = v;
            }
            case 'F' -> o.fields = v;
            case 'm' -> o.multicast = v;
            case 'k' -> o.keyFile = v;
            default -> { } // -C (config module) and -o: one loader here, nothing to choose
        }
    }

    /** -D[fail|warn|none]: the first letter decides, as in cman_tool; a bare -D means none. */
    private static String validation(String level) {
        if (level.isEmpty()) {
            return "NONE";
        }
        return switch (Character.toUpperCase(level.charAt(0))) {
            case 'F' -> "FAIL";
            case 'W' -> "WARN";
            case 'N' -> "NONE";
            default -> throw new IllegalArgumentException("invalid option to -D, it should be 'force', 'warn' or 'none'");
        };
    }

    /** cman_tool's get_int_arg: a whole non-negative decimal number. */
    private static int number(String text, char option) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument to " + option + " (" + text + ") is not an integer");
        }
        if (value < 0) {
            throw new IllegalArgumentException("argument to " + option + " cannot be negative");
        }
        return value;
    }

    /** cman_tool's check_arguments, in its order; one line, exit 1. */
    static void checkArguments(Options o) {
        if (o.port != null && (o.port <= 0 || o.port > PORT_MAX)) {
            throw new IllegalArgumentException("Port must be a number between 1 and " + PORT_MAX);
        }
        // Node id 0 means "assign one for me" to cman_tool, so it passes (and overrides nothing).
        if (o.nodeId != null && o.nodeId > NODE_ID_MAX) {
            throw new IllegalArgumentException("Node id must be between 1 and " + NODE_ID_MAX);
        }
        if (o.clusterName != null && o.clusterName.length() > CLUSTER_NAME_LENGTH_MAX) {
            throw new IllegalArgumentException("Cluster name must be < " + CLUSTER_NAME_LENGTH_MAX + " characters long");
        }
        if (o.timeout != null && !(o.wait || o.quorum || o.command.equals("wait") || o.command.equals("leave"))) {
            throw new IllegalArgumentException("timeout is only appropriate with wait");
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
        try {
            checkArguments(o);
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + ": " + e.getMessage());
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
        s.println("  Cluster and node settings come from cluster.conf; these options override them");
        s.println("  for this node only. A node whose cluster name differs is refused by the others.");
        s.println();
        s.println("  -m <addr>        Multicast address to use");
        s.println("  -v <votes>       Number of votes this node has");
        s.println("  -e <votes>       Number of expected votes for the cluster");
        s.println("  -p <port>        UDP port number for cman communications");
        s.println("  -n <nodename>    The name of this node (defaults to hostname)");
        s.println("  -c <clustername> The name of the cluster to join");
        s.println("  -N <id>          Node id");
        s.println("  -k <file>        Private key file for totem communications");
        s.println("  -2               This is a two node cluster (-e must be 1)");
        s.println("  -w               Wait until node has joined a cluster");
        s.println("  -q               Wait until the cluster is quorate");
        s.println("  -t               Maximum time (in seconds) to wait");
        s.println("  -d               Debug logging in corrald");
        s.println("  -D<fail|warn|none> Config validation; corrald never starts on an invalid file");
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
