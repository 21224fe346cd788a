package org.corral.tools.cli;

import java.io.PrintStream;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * corosync-cfgtool (1.4/2.x, RRP): {@code -s} prints the ring status of this node, {@code -r}
 * re-enables every ring after a fault (root or the admin group only).
 */
public final class CorosyncCfgtool {
    private static final String PROGRAM = "corosync-cfgtool";

    private CorosyncCfgtool() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || !(args[0].equals("-s") || args[0].equals("-r") || args[0].equals("-h"))) {
            usage(args.length == 1 && args[0].equals("-h") ? out : err);
            return args.length == 1 && args[0].equals("-h") ? 0 : 1;
        }
        if (args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        try (ControlClient client = Cli.connect("corosync configuration API")) {
            if (args[0].equals("-r")) {
                Cli.call(client, Service.CFG, "ring-reset", List.of());
                out.println("Re-enabling all failed rings.");
                return 0;
            }
            List<String> lines = Cli.call(client, Service.CFG, "ring-status", List.of());
            out.println("Printing ring status.");
            for (String line : lines) {
                if (line.startsWith("nodeid\t")) {
                    out.println("Local node ID " + line.substring(7));
                } else {
                    String[] f = Cli.fields(line, 4);
                    out.println("RING ID " + f[1]);
                    out.println("\tid\t= " + f[2]);
                    out.println("\tstatus\t= " + f[3]);
                }
            }
            return 0;
        } catch (Cli.Failure e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream stream) {
        stream.println("usage:  corosync-cfgtool [-s] [-r]");
        stream.println("        -s  Displays the status of the current rings on this node.");
        stream.println("        -r  Reset redundant ring state cluster wide after a fault, to");
        stream.println("            re-enable redundant ring operation.");
    }
}
