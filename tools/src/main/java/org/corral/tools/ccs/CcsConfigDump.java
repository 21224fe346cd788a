package org.corral.tools.ccs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.corral.tools.CommandMain;
import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.DumpTree;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.conf.wire.XmlDumpWriter;

/**
 * {@code ccs_config_dump}: prints the configuration as XML with every default cman and the agents
 * would use written out. RHCS's tool read the running object database; this one reads the file
 * ({@code -f}, default $CORRAL_ROOT/etc/cluster/cluster.conf) and applies the same defaults.
 * Exit 0, 1 on a usage error, 255 when the configuration cannot be read.
 */
public final class CcsConfigDump {
    private static final String PROGRAM = "ccs_config_dump";
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 1;
    static final int EXIT_NO_CONFIG = 255;

    private CcsConfigDump() {
    }

    public static void main(String[] args) {
        CommandMain.exitGuarded(PROGRAM, EXIT_NO_CONFIG, (out, err) -> run(args, out, err, System.getenv()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Getopt.Parsed parsed;
        try {
            parsed = Getopt.parse(PROGRAM, "hVrf:", args);
        } catch (Getopt.Failure failure) {
            err.println(failure.getMessage());
            usage(out);
            return EXIT_USAGE;
        }
        Path file = CcsPaths.defaultConfig(env);
        for (Getopt.Option option : parsed.options()) {
            switch (option.name()) {
                case 'h' -> {
                    usage(out);
                    return EXIT_OK;
                }
                case 'V' -> {
                    out.println(PROGRAM + " " + CcsPaths.RHCS_VERSION + " (Corral)");
                    return EXIT_OK;
                }
                case 'f' -> file = Path.of(option.argument());
                default -> {
                    // -r (runtime configuration): the file is the only configuration without a daemon
                }
            }
        }
        if (!parsed.operands().isEmpty()) {
            err.println(PROGRAM + ": unexpected argument " + parsed.operands().get(0));
            usage(out);
            return EXIT_USAGE;
        }
        ClusterConfLoader loader = ClusterConfLoader.standard();
        LoadResult result = loader.loadFile(file);
        if (result.failure().isPresent()) {
            err.println(result.failure().get().message());
            return EXIT_NO_CONFIG;
        }
        ClusterConf conf = result.model().orElseThrow();
        EffectiveConfig effective = result.effective(Optional.empty()).orElseThrow();
        out.print(XmlDumpWriter.write(DumpTree.withDefaults(conf, effective, loader.agents())));
        return EXIT_OK;
    }

    private static void usage(PrintStream out) {
        out.println("Usage:");
        out.println("");
        out.println("ccs_config_dump [options]");
        out.println("");
        out.println("Options:");
        out.println("  -f configfile    Dump this file instead of $CORRAL_ROOT/etc/cluster/cluster.conf");
        out.println("  -r               Force dump of runtime configuration (see man page)");
        out.println("  -h               Print this help, then exit");
        out.println("  -V               Print program version information, then exit");
        out.println("");
    }
}
