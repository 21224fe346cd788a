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
 * passing -e/-v as CMAN_EXPECTEDVOTES/CMAN_VOTES as cman_tool passed them to corosync, then waits
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

    /** Starts corrald in its own session with cman_tool's -e/-v as CMAN_* variables. */
    private static Process spawn(CmanTool.Options o, Path root, Path corrald, Path log) throws CmanClient.Failure {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(corrald.toString());
        if (!o.names.isEmpty()) {
            command.add("-n");
            command.add(o.names.get(0));
        } else if (System.getenv("CORRAL_NODE_NAME") != null) {
            command.add("-n");
            command.add(System.getenv("CORRAL_NODE_NAME"));
        }
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
