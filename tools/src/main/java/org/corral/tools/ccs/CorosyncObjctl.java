package org.corral.tools.ccs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.tools.CommandMain;
import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.Flattener;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;

/**
 * {@code corosync-objctl} before corrald exists: prints the object database a cman node would start
 * with (the flattened cluster.conf plus cman's injected totem, logging and service keys) in
 * corosync-objctl's {@code key=value} form. Only printing is possible without a daemon; -c, -w, -d
 * and -t say so. Corral extensions: {@code -f file} and {@code -n nodename} (default: this host's
 * name, matched as cman matched it: exactly, then without the domain).
 */
public final class CorosyncObjctl {
    private static final String PROGRAM = "corosync-objctl";

    private CorosyncObjctl() {
    }

    public static void main(String[] args) {
        CommandMain.exitGuarded(PROGRAM, 1, (out, err) -> run(args, out, err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Getopt.Parsed parsed;
        try {
            parsed = Getopt.parse(PROGRAM, "ahcwdtxpf:n:", args);
        } catch (Getopt.Failure failure) {
            err.println(failure.getMessage());
            usage(err);
            return 1;
        }
        Path file = CcsPaths.defaultConfig(env);
        Optional<String> node = Optional.empty();
        for (Getopt.Option option : parsed.options()) {
            switch (option.name()) {
                case 'h' -> {
                    usage(out);
                    return 0;
                }
                case 'f' -> file = Path.of(option.argument());
                case 'n' -> node = Optional.of(option.argument());
                case 'a' -> {
                    // printing everything is what this version does
                }
                default -> {
                    err.println(PROGRAM + ": -" + option.name() + " needs a running corrald; only printing (-a) "
                            + "is available from the configuration file");
                    return 1;
                }
            }
        }
        LoadResult result = ClusterConfLoader.load(file);
        if (result.failure().isPresent()) {
            err.println(result.failure().get().message());
            return 1;
        }
        ClusterConf conf = result.model().orElseThrow();
        Optional<String> local = node.isPresent() ? node : matchHostName(conf, hostName(env));
        EffectiveConfig effective = result.effective(local).orElseThrow();
        out.print(Flattener.format(Flattener.flatten(conf, effective, Map.of())));
        return 0;
    }

    private static Optional<String> hostName(Map<String, String> env) {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isRegularFile(proc)) {
                return Optional.of(Files.readString(proc, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            // fall back to the environment below
        }
        return Optional.ofNullable(env.get("HOSTNAME"));
    }

    /** cman's verify_nodename, minus the interface scan: the name, then the name without its domain. */
    static Optional<String> matchHostName(ClusterConf conf, Optional<String> host) {
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String name = host.get();
        String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        for (String candidate : List.of(name, shortName)) {
            if (conf.node(candidate).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return conf.nodes().stream().map(ClusterConf.ClusterNode::name)
                .filter(n -> (n.contains(".") ? n.substring(0, n.indexOf('.')) : n).equals(shortName)).findFirst();
    }

    private static void usage(PrintStream out) {
        out.println("usage:  corosync-objctl [-a] [-f cluster.conf] [-n nodename]");
        out.println("        prints the object database a node starts with, as key=value lines");
        out.println("        (-c, -w, -d, -t need a running corrald)");
    }
}
