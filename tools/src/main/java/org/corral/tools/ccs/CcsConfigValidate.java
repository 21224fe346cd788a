package org.corral.tools.ccs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.corral.tools.CommandMain;
import org.corral.conf.core.Finding;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;

/**
 * {@code ccs_config_validate}: validates cluster.conf against the schema (built from agent metadata)
 * and the rules cman, fenced and rgmanager enforce, printing "Configuration validates" or the
 * errors and "Configuration fails to validate". Options, messages and exit codes follow RHCS 3's
 * script: 0 valid, 3 invalid (xmllint's code), 1 for -f on a file that is not XML, 253/254 for
 * the -R version checks, 255 for usage and load errors.
 */
public final class CcsConfigValidate {
    static final int EXIT_VALID = 0;
    static final int EXIT_NOT_XML = 1;
    static final int EXIT_INVALID = 3;
    static final int EXIT_NO_NEW_VERSION = 253;
    static final int EXIT_VERSION_OLDER = 254;
    static final int EXIT_ERROR = 255;
    private static final String PROGRAM = "ccs_config_validate";

    private CcsConfigValidate() {
    }

    public static void main(String[] args) {
        CommandMain.exitGuarded(PROGRAM, EXIT_ERROR, (out, err) -> run(args, out, err, System.getenv()));
    }

    /** Options after parsing; exclusivity is checked as the script did, in argument order. */
    private static final class Options {
        Path file;
        boolean rawFile;
        boolean runtime;
        boolean verbose;
        boolean quiet;
        String loader;
        String oldVersion;
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Options options = new Options();
        Getopt.Parsed parsed;
        try {
            parsed = Getopt.parse(PROGRAM, "t:hVnC:f:l:rR:ovqu", args);
        } catch (Getopt.Failure failure) {
            err.println(failure.getMessage());
            usage(err);
            return EXIT_ERROR;
        }
        String source = null;
        for (Getopt.Option option : parsed.options()) {
            switch (option.name()) {
                case 'h' -> {
                    usage(out);
                    return EXIT_VALID;
                }
                case 'V' -> {
                    out.println(PROGRAM + " version " + CcsPaths.RHCS_VERSION);
                    return EXIT_VALID;
                }
                case 'f', 'l', 'r', 'C' -> {
                    String flag = "-" + option.name();
                    if (source != null) {
                        err.println("Error: invalid options. " + flag + " can not be set together with "
                                + exclusive(option.name()));
                        return EXIT_ERROR;
                    }
                    source = flag;
                    if (option.name() == 'f' || option.name() == 'l') {
                        options.file = Path.of(option.argument());
                        options.rawFile = option.name() == 'f';
                    } else if (option.name() == 'r') {
                        options.runtime = true;
                    } else {
                        options.loader = option.argument();
                    }
                }
                case 'v' -> {
                    if (options.quiet) {
                        err.println("Error: invalid options. -v can not be set together with -q");
                        return EXIT_ERROR;
                    }
                    options.verbose = true;
                }
                case 'q' -> {
                    if (options.verbose) {
                        err.println("Error: invalid options. -q can not be set together with -v");
                        return EXIT_ERROR;
                    }
                    options.quiet = true;
                }
                case 'R' -> options.oldVersion = option.argument();
                default -> {
                    // -t, -n, -o, -u: temporary-file and schema-update controls with nothing to do here
                }
            }
        }
        return validate(options, out, err, env);
    }

    private static String exclusive(char option) {
        return switch (option) {
            case 'f' -> "-r or -C or -l";
            case 'l' -> "-r or -C or -f";
            case 'r' -> "-l or -C or -f";
            default -> "-l or -r or -f";
        };
    }

    private static int validate(Options options, PrintStream out, PrintStream err, Map<String, String> env) {
        long oldVersion = 0;
        if (options.oldVersion != null) {
            try {
                oldVersion = Long.parseLong(options.oldVersion.trim());
            } catch (NumberFormatException e) {
                err.println("Error: invalid options. -R needs a configuration version number, not \""
                        + options.oldVersion + "\"");
                return EXIT_ERROR;
            }
        }
        if (options.runtime || (options.loader != null && !options.loader.equals("xmlconfig"))) {
            // The running configuration lives in the daemon; without one there is nothing to read.
            err.println(options.runtime ? "Unable to read the runtime configuration: corrald is not running"
                    : "Unsupported config loader " + options.loader + " (only xmlconfig)");
            err.println("Unable to get the configuration");
            return EXIT_ERROR;
        }
        Path file = options.file != null ? options.file : CcsPaths.defaultConfig(env);
        verbose(options, out, "Config interface set to: " + (options.rawFile ? "" : "xmlconfig:cmanpreconfig"));
        LoadResult result = ClusterConfLoader.load(file);
        if (result.failure().isPresent()) {
            LoadResult.Failure failure = result.failure().get();
            if (options.rawFile && failure.kind() == LoadResult.FailureKind.MALFORMED) {
                out.println(failure.message());
                return EXIT_NOT_XML;
            }
            err.println(failure.message());
            err.println("Unable to get the configuration");
            return EXIT_ERROR;
        }
        verbose(options, out, "Configuration stored in temporary file");
        verbose(options, out, "Validating..");
        List<Finding> findings = new ArrayList<>(result.findings());
        findings.sort(Comparator.comparingInt((Finding f) -> f.location().line())
                .thenComparingInt(f -> f.location().column()));
        boolean valid = result.valid();
        if (valid && oldVersion != 0) {
            OptionalLong newVersion = result.model().orElseThrow().configVersion();
            if (newVersion.isEmpty()) {
                if (!options.quiet) {
                    err.println("Error: Unable to determine new config version!");
                }
                return EXIT_NO_NEW_VERSION;
            }
            verbose(options, out, "Old version: " + oldVersion + "   New version: " + newVersion.getAsLong());
            if (newVersion.getAsLong() <= oldVersion) {
                if (!options.quiet) {
                    err.println("Error: Configuration version is older than running config!");
                }
                return EXIT_VERSION_OLDER;
            }
        }
        if (!options.quiet || !valid) {
            for (Finding finding : findings) {
                if (finding.isError() || !options.quiet) {
                    out.println(finding.format());
                }
            }
            out.println(valid ? "Configuration validates" : "Configuration fails to validate");
        }
        verbose(options, out, "Validation completed");
        return valid ? EXIT_VALID : EXIT_INVALID;
    }

    private static void verbose(Options options, PrintStream out, String line) {
        if (options.verbose) {
            out.println(line);
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage:");
        out.println("");
        out.println("ccs_config_validate [options]");
        out.println("");
        out.println("Options:");
        out.println("  -h               Print this help, then exit");
        out.println("  -V               Print program version information, then exit");
        out.println("  -v               Produce verbose output");
        out.println("  -q               Be very quiet");
        out.println("");
        out.println("Validating XML configuraton files:");
        out.println("  -f configfile    Validate an alternate config file");
        out.println("  -l configfile    Validate an alternate config file (load test)");
        out.println("");
        out.println("Advanced options:");
        out.println("  -u               Do not update relaxng schema");
        out.println("  -r               Force validation of runtime config");
        out.println("  -C config_loader Override config plugin loader");
        out.println("  -t tempfile      Force temporay file to tempfile");
        out.println("  -n               Do not remove temporary file");
        out.println("  -o               Overwrite temporary file (dangerous)");
        out.println("  -R version       When validating configuration update, ensure the");
        out.println("                   new config is newer than the specified version.");
        out.println("");
        out.println("Without -f or -l, $CORRAL_ROOT/etc/cluster/cluster.conf is validated.");
    }
}
