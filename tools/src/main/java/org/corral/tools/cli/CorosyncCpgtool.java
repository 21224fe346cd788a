package org.corral.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.corral.tools.CommandMain;
import org.corral.cpg.client.CpgCallbacks;
import org.corral.cpg.client.CpgClient;
import org.corral.cpg.client.CpgException;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;
import org.corral.tools.ipc.UnixSocketTransport;

/**
 * corosync-cpgtool: every closed process group this node knows, with each member's pid and node
 * (and the node's ring 0 address), in corosync's layout. {@code -e} prints the same.
 */
public final class CorosyncCpgtool {
    private static final String PROGRAM = "corosync-cpgtool";
    private static final Pattern IP = Pattern.compile("ip\\(([^)]*)\\)");

    private CorosyncCpgtool() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("-h")) {
            out.println("usage:  corosync-cpgtool [-e]");
            return 0;
        }
        if (args.length > 1 || (args.length == 1 && !args[0].equals("-e"))) {
            err.println(PROGRAM + ": invalid option '" + String.join(" ", args) + "'");
            err.println("usage:  corosync-cpgtool [-e]");
            return 1;
        }
        SortedMap<GroupName, List<ProcessId>> groups;
        Map<Integer, String> addresses;
        try (CpgClient cpg = CpgClient.initialize(UnixSocketTransport.connect(Cli.socket(), Cli.WAIT_MS),
                (int) ProcessHandle.current().pid(), new CpgCallbacks() {
                    @Override
                    public void deliver(GroupName group, ProcessId sender, byte[] message) {}

                    @Override
                    public void confchg(GroupName group, List<ProcessId> members, List<CpgAddress> left,
                                        List<CpgAddress> joined) {}
                })) {
            groups = cpg.groups();
            addresses = addresses();
        } catch (IOException | CpgException e) {
            err.println("Could not initialize corosync process group API error: " + e.getMessage());
            return 1;
        } catch (Cli.Failure e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
        out.printf("Group Name\t%10s\t%10s%n", "PID", "Node ID");
        groups.forEach((group, members) -> {
            out.println(group.value());
            for (ProcessId member : members) {
                out.printf("\t\t%10d\t%10d (%s)%n", member.pid(), member.node().value(),
                        addresses.getOrDefault(member.node().value(), "?"));
            }
        });
        return 0;
    }

    private static Map<Integer, String> addresses() throws Cli.Failure {
        Map<Integer, String> addresses = new TreeMap<>();
        try (ControlClient client = Cli.connect("cmap")) {
            String prefix = "runtime.totem.pg.mrp.srp.members.";
            for (String line : Cli.call(client, Service.CMAP, "list", List.of(prefix))) {
                String[] f = Cli.fields(line, 3);
                if (f[0].endsWith(".ip")) {
                    Matcher ip = IP.matcher(f[2]);
                    String id = f[0].substring(prefix.length(), f[0].length() - 3);
                    if (ip.find() && id.chars().allMatch(Character::isDigit)) {
                        addresses.put(Integer.parseInt(id), ip.group(1));
                    }
                }
            }
        }
        return addresses;
    }
}
