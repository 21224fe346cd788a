package org.corral.tools.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * corosync-objctl (1.4) over corrald: with no argument or {@code -a} every key as key=value, in
 * the object database's order (cluster.conf, cman's keys, then runtime.*); a bare argument
 * prints the keys under that prefix; {@code -w key=value} writes and {@code -d key} deletes (root
 * or the admin group). When no corrald runs, or with {@code -f}/{@code -n}, it prints from the
 * configuration file as the file-based version does.
 */
public final class CorosyncObjctl {
    private static final String PROGRAM = "corosync-objctl";

    private CorosyncObjctl() {}

    public static void main(String[] args) {
        boolean fileOnly = List.of(args).stream().anyMatch(a -> a.startsWith("-f") || a.startsWith("-n"));
        if (fileOnly || !Files.exists(Cli.socket())) {
            org.corral.tools.ccs.CorosyncObjctl.main(args);
            return;
        }
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = "list";
        List<String> arguments = new ArrayList<>();
        if (args.length == 1 && args[0].equals("-h")) {
            out.println("usage:  corosync-objctl [-a] [prefix] | -w key=value | -d key   (-f file, -n name: from cluster.conf)");
            return 0;
        } else if (args.length == 2 && args[0].equals("-w") && args[1].contains("=")) {
            command = "set";
            arguments.add(args[1].substring(0, args[1].indexOf('=')));
            arguments.add(args[1].substring(args[1].indexOf('=') + 1));
        } else if (args.length == 2 && args[0].equals("-d")) {
            command = "delete";
            arguments.add(args[1]);
        } else if (args.length == 1 && !args[0].startsWith("-")) {
            arguments.add(args[0]);
        } else if (!(args.length == 0 || (args.length == 1 && args[0].equals("-a")))) {
            err.println(PROGRAM + ": invalid arguments '" + String.join(" ", args) + "'");
            return 1;
        }
        try (ControlClient client = Cli.connect("objdb library")) {
            for (String line : Cli.call(client, Service.CMAP, command, arguments)) {
                String[] f = Cli.fields(line, 3);
                out.println(f[0] + "=" + f[2]);
            }
            return 0;
        } catch (Cli.Failure e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
    }
}
