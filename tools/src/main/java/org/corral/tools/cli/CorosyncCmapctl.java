package org.corral.tools.cli;

import java.io.PrintStream;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * corosync-cmapctl (corosync 2.x shape, over corrald's key store): with no argument or {@code -a}
 * every key as {@code key (type) = value}; a bare argument is a prefix; {@code -g key} one key;
 * {@code -s key type value} sets (root or the admin group); {@code -d key} deletes a key set at run time.
 */
public final class CorosyncCmapctl {
    private static final String PROGRAM = "corosync-cmapctl";

    private CorosyncCmapctl() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length >= 1 && args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        String command;
        List<String> arguments;
        if (args.length == 0 || (args.length == 1 && args[0].equals("-a"))) {
            command = "list";
            arguments = List.of();
        } else if (args[0].equals("-g") && args.length == 2) {
            command = "get";
            arguments = List.of(args[1]);
        } else if (args[0].equals("-s") && args.length == 4) {
            command = "set";
            arguments = List.of(args[1], args[3]);
        } else if (args[0].equals("-d") && args.length == 2) {
            command = "delete";
            arguments = List.of(args[1]);
        } else if (args.length == 1 && !args[0].startsWith("-")) {
            command = "list";
            arguments = List.of(args[0]);
        } else {
            err.println(PROGRAM + ": invalid arguments '" + String.join(" ", args) + "'");
            usage(err);
            return 1;
        }
        try (ControlClient client = Cli.connect("cmap")) {
            for (String line : Cli.call(client, Service.CMAP, command, arguments)) {
                String[] f = Cli.fields(line, 3);
                out.println(f[0] + " (" + f[1] + ") = " + f[2]);
            }
            return 0;
        } catch (Cli.Failure e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream stream) {
        stream.println("usage:  corosync-cmapctl [-a] [prefix]");
        stream.println("        corosync-cmapctl -g key");
        stream.println("        corosync-cmapctl -s key type value");
        stream.println("        corosync-cmapctl -d key");
    }
}
