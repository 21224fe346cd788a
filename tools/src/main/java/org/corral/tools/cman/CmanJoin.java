package org.corral.tools.cman;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cman_tool join: starts corrald for this root in its own session (so it outlives the shell),
 * passing the overrides -c -m -p -N -k -e -v as corrald options (cman_tool passed them to corosync
 * as CMAN_* variables; -e/-v still go that way too, see {@link #spawn}), then waits
 * for it to answer (and with -w to be a member, -q quorate) within -t seconds. A corrald that dies
 * on the way is reported with its own last line, as cman_tool reported "corosync died: ...".
 */
final class CmanJoin {
    static final int START_WAIT_SECONDS = 60;

    private CmanJoin() {}

    static int join(CmanTool.Options o, PrintStream out, PrintStream err) throws CmanClient.Failure {
        if (o.twoNode && o.expected != null && o.expected != 1) {
            throw new CmanClient.Failure("expected_votes value (" + o.expected + ") invalid in two node mode");
        }
        if (o.twoNode && o.expected == null) {
            o.expected = 1;
        }
        if (o.noConfig) {
            // cman -X ran on built-in defaults and learnt its peers by multicast; corrald's totem
            // needs cluster.conf's node list, so this is refused rather than half done.
            throw new CmanClient.Failure("-X (no cluster.conf) is not supported: corrald needs cluster.conf's node list");
        }
        if (CmanClient.runningPid().isPresent()) {
            throw new CmanClient.Failure("Node is already active");
        }
        Path root = CmanClient.root();
        Path conf = root.resolve("etc/cluster/cluster.conf");
        if (!Files.isRegularFile(conf)) {
            throw new CmanClient.Failure("corosync died: Could not read cluster configuration (xmlconfig cannot find "
                    + conf + ")");
        }
        String home = System.getProperty("corral.home");
        Path corrald = home == null ? null : Path.of(home, "sbin", "corrald");
        if (corrald == null || !Files.isExecutable(corrald)) {
            throw new CmanClient.Failure("corrald daemon didn't start (no sbin/corrald beside cman_tool)");
        }
        Path log = root.resolve("var/log/cluster/corrald.out");
        Process process = spawn(o, root, corrald, log);
        int seconds = o.timeout != null ? o.timeout : START_WAIT_SECONDS;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (CmanClient.runningPid().isEmpty()) {
            if (!process.isAlive()) {
                throw new CmanClient.Failure("corosync died: " + lastLine(log));
            }
            if (System.nanoTime() > deadline) {
                throw new CmanClient.Failure("corosync daemon didn't start");
            }
            CmanClient.sleep(100);
        }
        if (!o.wait && !o.quorum) {
            return 0;
        }
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
        return CmanTool.waitFor(o.quorum, (int) left, err);
    }

    /**
     * corrald's arguments for cman_tool join's options: -n (or CORRAL_NODE_NAME), then the
     * overrides -c -m -p -N -k -e -v and -d, each as the same letter. Node id 0 means "assign one"
     * to cman_tool and is not passed, as cman_tool left CMAN_NODEID unset for it.
     */
    static List<String> corraldArguments(CmanTool.Options o, String nodeNameFromEnvironment) {
        List<String> args = new ArrayList<>();
        if (!o.names.isEmpty()) {
            args.addAll(List.of("-n", o.names.get(0)));
        } else if (nodeNameFromEnvironment != null) {
            args.addAll(List.of("-n", nodeNameFromEnvironment));
        }
        add(args, "-c", o.clusterName);
        add(args, "-m", o.multicast);
        add(args, "-p", o.port);
        add(args, "-N", o.nodeId != null && o.nodeId == 0 ? null : o.nodeId);
        add(args, "-k", o.keyFile);
        add(args, "-e", o.expected);
        add(args, "-v", o.votes);
        if (o.debug) {
            args.add("-d");
        }
        return args;
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }

    /**
     * Starts corrald in its own session with the overrides as options, and -e/-v also as
     * CMAN_EXPECTEDVOTES/CMAN_VOTES: the quorum engine reads those again at every configuration
     * reload, as cman kept its join-time variables for {@code cman_tool version -r}.
     */
    private static Process spawn(CmanTool.Options o, Path root, Path corrald, Path log) throws CmanClient.Failure {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(corrald.toString());
        command.addAll(corraldArguments(o, System.getenv("CORRAL_NODE_NAME")));
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(root.resolve("var/run/cluster"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("CORRAL_ROOT", root.toString());
            if (o.expected != null) {
                builder.environment().put("CMAN_EXPECTEDVOTES", Integer.toString(o.expected));
            }
            if (o.votes != null) {
                builder.environment().put("CMAN_VOTES", Integer.toString(o.votes));
            }
            return builder.start();
        } catch (IOException e) {
            throw new CmanClient.Failure("corrald daemon didn't start: " + e.getMessage());
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty()) {
                    return line.startsWith("corrald: ") ? line.substring(9) : line;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "see " + log;
    }
}
