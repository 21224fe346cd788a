package org.corral.tools.cman;

import java.io.PrintStream;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;

/**
 * corosync-quorumtool -s in corosync 2's layout (beyond RHCS), fed by cman's quorum. Exit codes as
 * corosync 2: 0 quorate, 2 not quorate, 1 on errors.
 */
public final class CorosyncQuorumtool {
    static final String PROGRAM = "corosync-quorumtool";

    private CorosyncQuorumtool() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("-h")) {
            usage(out);
            return 0;
        }
        if (args.length != 0 && !(args.length == 1 && args[0].equals("-s"))) {
            usage(err);
            return 1;
        }
        try (ControlClient client = CmanClient.connect("Cannot initialize QUORUM service")) {
            List<String> lines = CmanClient.call(client, Service.QUORUM, "quorumtool", List.of());
            boolean quorate = false;
            for (String line : lines) {
                out.println(line);
                quorate |= line.startsWith("Quorate:") && line.endsWith("Yes");
            }
            return quorate ? 0 : 2;
        } catch (CmanClient.Failure e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static void usage(PrintStream s) {
        s.println("usage: corosync-quorumtool <options>");
        s.println("  -s             show quorum status");
        s.println("  -h             show this help text");
    }
}
