package org.corral.fenced.tool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.fenced.config.FenceConfigMapper;
import org.corral.fenced.core.AgentArgs;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceConfig.NodeConfig;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.MethodPass;
import org.corral.fenced.core.MethodPass.Done;
import org.corral.fenced.core.MethodPass.Entry;
import org.corral.fenced.core.MethodPass.Run;
import org.corral.fenced.exec.AgentLocator;
import org.corral.fenced.exec.AgentResult;
import org.corral.fenced.exec.AgentRunner;

/**
 * {@code fence_node [-U] [-v|-vv] [-m N] [-e 0|1] [-c FILE] node}: one pass over the node's fence
 * methods (no retry loop), or over its unfence devices with -U, as RHCS's fence/fence_node did:
 * agent results with -v, agent arguments with -vv (passwords masked), then one final line on
 * stderr and exit 0 (success), 1 (failed) or 2 (undefined: no methods, or no unfence devices).
 * Reads {@code $CORRAL_ROOT/etc/cluster/cluster.conf} unless -c names another file.
 */
public final class FenceNode {
    static final String PROG = "fence_node";
    static final String VERSION = "3.0.12";

    /** Where the command looks for things; tests pass their own. */
    public record Environment(String corralRoot, String corralHome, String path, Optional<String> localNodeName) {
        static Environment current() {
            String root = System.getenv("CORRAL_ROOT");
            // RHCS asked cman for its own name; here the node's name is what corrald was started
            // with: CORRAL_NODE, or CORRAL_NODE_NAME as the cman init script and ./corral set it.
            String local = System.getenv("CORRAL_NODE");
            if (local == null || local.isEmpty()) {
                local = System.getenv("CORRAL_NODE_NAME");
            }
            if (local == null || local.isEmpty()) {
                local = hostname();
            }
            return new Environment(root == null || root.isEmpty() ? "/" : root, System.getProperty("corral.home"),
                    System.getenv("PATH"), Optional.ofNullable(local));
        }

        private static String hostname() {
            try {
                return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
    }

    private static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message, null, false, false);
        }
    }

    private record Options(boolean unfence, boolean status, int verbose, int methodNumber, Path configFile,
                           String victim, boolean help, boolean version) {
    }

    private FenceNode() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, Environment.current(), System.out, System.err);
        } catch (RuntimeException e) {
            System.err.println(PROG + ": " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    public static int run(String[] args, Environment env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (Usage e) {
            err.println(e.getMessage());
            if (e.getMessage().startsWith(PROG + ": invalid option") || e.getMessage().contains("requires an argument")) {
                err.println("Please use '-h' for usage.");
            }
            return 1;
        }
        if (options.help()) {
            printUsage(out);
            return 0;
        }
        if (options.version()) {
            out.println(PROG + " " + VERSION + " (built by Corral)");
            return 0;
        }
        if (options.status()) {
            err.println(PROG + ": -S (status) is not supported");
            return 1;
        }
        String action = options.unfence() ? "unfence" : "fence";
        String victim = options.victim();
        if (victim == null) {
            if (env.localNodeName().isEmpty()) {
                err.println(PROG + ": cannot connect to cman");
                return 1;
            }
            victim = env.localNodeName().get();
        }
        List<Entry> log = new ArrayList<>();
        MethodPass.Result result = pass(options, victim, env, log, err);
        if (options.verbose() > 0) {
            for (Entry e : log) {
                err.println(action + " " + victim + " dev " + e.methodNum() + "." + e.deviceNum() + " agent " + e.agent()
                        + " result: " + e.resultText());
                if (options.verbose() > 1) {
                    err.println("agent args: " + AgentArgs.maskedOneLine(e.stdinLines()));
                }
            }
        }
        switch (result) {
            case SUCCESS -> {
                err.println(action + " " + victim + " success");
                return 0;
            }
            case UNDEFINED -> {
                err.println(action + " " + victim + " undefined");
                return 2;
            }
            default -> {
                err.println(action + " " + victim + " failed");
                return 1;
            }
        }
    }

    private static MethodPass.Result pass(Options options, String victim, Environment env, List<Entry> log,
                                          PrintStream err) {
        Path file = options.configFile() != null ? options.configFile()
                : Path.of(env.corralRoot(), "etc", "cluster", "cluster.conf");
        FenceConfig config;
        try {
            LoadResult loaded = ClusterConfLoader.load(file);
            if (loaded.failure().isPresent()) {
                err.println(PROG + ": " + loaded.failure().get().message());
                log.add(new Entry(0, 0, "none", "error from ccs", List.of()));
                return MethodPass.Result.FAILED;
            }
            config = FenceConfigMapper.map(loaded.model().orElseThrow(),
                    loaded.effective(Optional.empty()).orElseThrow());
        } catch (IllegalArgumentException e) {
            err.println(PROG + ": " + file + ": " + e.getMessage());
            log.add(new Entry(0, 0, "none", "error from ccs", List.of()));
            return MethodPass.Result.FAILED;
        }
        Optional<NodeConfig> node = lookupNodename(config, victim);
        String name = node.map(NodeConfig::name).orElse(victim);
        MethodPass pass;
        if (options.unfence()) {
            pass = MethodPass.unfence(name, node.map(NodeConfig::unfence).orElse(List.of()));
        } else if (options.methodNumber() > 0) {
            pass = MethodPass.fenceOneMethod(name, node.map(NodeConfig::methods).orElse(List.of()),
                    options.methodNumber());
        } else {
            pass = MethodPass.fence(name, node.map(NodeConfig::methods).orElse(List.of()));
        }
        AgentLocator locator = AgentLocator.standard(env.corralRoot(), env.corralHome(), env.path());
        try (AgentRunner runner = new AgentRunner(locator)) {
            long runId = 1;
            while (true) {
                MethodPass.Step step = pass.next();
                if (step instanceof Done done) {
                    log.addAll(pass.log());
                    return done.result();
                }
                Run run = (Run) step;
                AgentResult result = runner.runNow(new RunAgent(runId++, pass.purpose(), name,
                        node.map(NodeConfig::nodeId).orElse(0), run.methodNum(), run.deviceNum(),
                        run.use().deviceName(), run.use().agent(), run.stdinLines(), config.agentTimeoutMs()));
                pass.record(result.outcome());
            }
        }
    }

    /**
     * ccs_lookup_nodename: the name as configured, or the clusternode whose name is it plus a domain
     * (an-node01 finds an-node01.alteeve.com), or whose short name matches.
     */
    static Optional<NodeConfig> lookupNodename(FenceConfig config, String name) {
        Optional<NodeConfig> exact = config.node(name);
        if (exact.isPresent()) {
            return exact;
        }
        String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        List<NodeConfig> matches = config.nodes().stream().filter(n -> n.name().startsWith(name + ".")
                || n.name().equals(shortName) || n.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** getopt("UvhVSe:m:c:") with glibc's argument permutation and error messages. */
    private static Options parse(String[] args) throws Usage {
        boolean unfence = false;
        boolean status = false;
        boolean help = false;
        boolean version = false;
        int verbose = 0;
        int method = 0;
        Path config = null;
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                operands.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                operands.add(arg);
                continue;
            }
            if (arg.startsWith("--")) {
                throw new Usage(PROG + ": unrecognized option '" + arg + "'");
            }
            for (int c = 1; c < arg.length(); c++) {
                char option = arg.charAt(c);
                switch (option) {
                    case 'U' -> unfence = true;
                    case 'S' -> status = true;
                    case 'v' -> verbose++;
                    case 'h' -> help = true;
                    case 'V' -> version = true;
                    case 'e', 'm', 'c' -> {
                        String value;
                        if (c + 1 < arg.length()) {
                            value = arg.substring(c + 1);
                        } else if (i + 1 < args.length) {
                            value = args[++i];
                        } else {
                            throw new Usage(PROG + ": option requires an argument -- '" + option + "'");
                        }
                        c = arg.length();
                        if (option == 'm') {
                            method = methodNumber(value);
                        } else if (option == 'c') {
                            config = Path.of(value);
                        } else if (!value.equals("0") && !value.equals("1")) {
                            throw new Usage(PROG + ": -e takes 0 or 1, not '" + value + "'");
                        }
                    }
                    default -> throw new Usage(PROG + ": invalid option -- '" + option + "'");
                }
                if (help || version) {
                    return new Options(unfence, status, verbose, method, config, null, help, version);
                }
            }
        }
        if (operands.size() > 1) {
            throw new Usage(PROG + ": unknown option " + operands.get(1));
        }
        String victim = operands.isEmpty() ? null : operands.get(0);
        if (victim == null && !unfence) {
            throw new Usage(PROG + ": no node name specified");
        }
        if (victim != null && victim.isEmpty()) {
            throw new Usage(PROG + ": empty node name");
        }
        return new Options(unfence, status, verbose, method, config, victim, false, false);
    }

    private static int methodNumber(String value) throws Usage {
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > FenceConfig.METHODS_MAX) {
                throw new Usage(PROG + ": method number must be 1 to " + FenceConfig.METHODS_MAX + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Usage(PROG + ": method number must be 1 to " + FenceConfig.METHODS_MAX + ", not '" + value + "'");
        }
    }

    private static void printUsage(PrintStream out) {
        out.println("Usage:");
        out.println();
        out.println(PROG + " [options] node_name");
        out.println();
        out.println("Options:");
        out.println();
        out.println("  -U       Unfence the node, default local node name");
        out.println("  -S       Run status on node name (not supported)");
        out.println("  -v       Show fence agent results, -vv for agent args");
        out.println("  -h       Print this help, then exit");
        out.println("  -V       Print program version information, then exit");
        out.println("  -e <0|1> Enable/disable fenced_external notification (accepted; no daemon to tell yet)");
        out.println("  -m <num> Method number, starting from 1: only that method is tried");
        out.println("  -c <file> cluster.conf to read (default $CORRAL_ROOT/etc/cluster/cluster.conf)");
        out.println();
    }
}
