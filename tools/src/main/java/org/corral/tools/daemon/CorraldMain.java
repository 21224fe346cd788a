package org.corral.tools.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.corral.tools.log.DaemonLogging;

/**
 * corrald: the node daemon (corosync + cman's role in RHCS 3). One process per node; everything
 * under {@code $CORRAL_ROOT}: reads etc/cluster/cluster.conf, logs to var/log/cluster/corosync.log,
 * keeps the ring sequence in var/lib/cluster, listens on var/run/cluster/corrald.sock and writes
 * var/run/cluster/corrald.pid.
 *
 * <pre>
 * corrald [-f] [-d] [-n nodename] [-g admin-gid] [-c clustername] [-m mcastaddr] [-p port]
 *         [-N nodeid] [-k keyfile] [-e expected-votes] [-v votes]
 *   -f  also log to stdout (the foreground, as corosync -f)
 *   -d  debug logging (cman_tool join -d)
 *   -n  this node's clusternode name (default: uname -n, as cman_tool join -n)
 *   -g  a group whose members may change things over the socket (root and the daemon's user always may,
 *       and so may cluster.conf's {@code <uidgid uid= gid=>} users and groups)
 *   -c -m -p -N -k -e -v  override cluster.conf for this node, as cman_tool join's options did
 *       ({@link DaemonConfig.Overrides})
 * </pre>
 * Exit codes: 0 after SIGTERM, 1 for a bad argument or configuration (one line on stderr), 2 when
 * the sockets cannot be bound or an engine stops on a broken invariant.
 */
public final class CorraldMain {
    private static final String PROGRAM = "corrald";

    private CorraldMain() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (RuntimeException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static final String USAGE = "[-f] [-d] [-n nodename] [-g admin-gid] [-c clustername] [-m mcastaddr] [-p port]"
            + " [-N nodeid] [-k keyfile] [-e expected-votes] [-v votes]";

    record Options(boolean foreground, boolean debug, Optional<String> nodeName, int adminGid,
                   DaemonConfig.Overrides overrides) {}

    static Options parse(String[] args) {
        boolean foreground = false;
        boolean debug = false;
        Optional<String> name = Optional.empty();
        int gid = -1;
        java.util.Map<String, String> values = new java.util.TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-f" -> foreground = true;
                case "-d" -> debug = true;
                case "-n", "-g", "-c", "-m", "-p", "-N", "-k", "-e", "-v" -> {
                    if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                        throw new IllegalArgumentException("option " + args[i] + " needs a value");
                    }
                    if (values.put(args[i], args[++i]) != null) {
                        throw new IllegalArgumentException("option " + args[i - 1] + " given twice");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (usage: " + PROGRAM
                        + " " + USAGE + ")");
            }
        }
        if (values.containsKey("-n")) {
            name = Optional.of(values.get("-n"));
        }
        if (values.containsKey("-g")) {
            gid = parseGid(values.get("-g"));
        }
        DaemonConfig.Overrides overrides = new DaemonConfig.Overrides(Optional.ofNullable(values.get("-c")),
                Optional.ofNullable(values.get("-m")), number(values, "-p"), number(values, "-N"),
                Optional.ofNullable(values.get("-k")), number(values, "-v"), number(values, "-e"));
        return new Options(foreground, debug, name, gid, overrides);
    }

    private static java.util.OptionalInt number(java.util.Map<String, String> values, String option) {
        String text = values.get(option);
        if (text == null) {
            return java.util.OptionalInt.empty();
        }
        try {
            return java.util.OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number");
        }
    }

    private static int parseGid(String text) {
        try {
            int gid = Integer.parseInt(text);
            if (gid < 0) {
                throw new NumberFormatException();
            }
            return gid;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-g '" + text + "' is not a numeric group id");
        }
    }

    static Path root() {
        String root = System.getenv("CORRAL_ROOT");
        if (root == null || root.isEmpty()) {
            root = System.getProperty("corral.root", "/");
        }
        return Path.of(root.isEmpty() ? "/" : root).toAbsolutePath();
    }

    static int run(String[] args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: " + PROGRAM + " " + USAGE);
            return 0;
        }
        if (args.length == 1 && args[0].equals("--cds-training")) {
            try {
                return CdsTraining.run();
            } catch (IOException | RuntimeException e) {
                System.err.println(PROGRAM + ": training run failed: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        Options options;
        DaemonConfig config;
        Path root = root();
        try {
            options = parse(args);
            config = DaemonConfig.load(root, options.nodeName(), options.overrides());
        } catch (IllegalArgumentException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
        Path pidFile = root.resolve("var/run/cluster/corrald.pid");
        try {
            Optional<Long> running = runningPid(pidFile);
            if (running.isPresent()) {
                System.err.println(PROGRAM + ": already running (pid " + running.get() + ", " + pidFile + ")");
                return 1;
            }
            if (options.debug()) {
                System.setProperty("corral.log.level", "debug"); // cman_tool join -d (CMAN_DEBUG)
            }
            DaemonLogging.init(new DaemonLogging.Settings("corosync", config.nodeName(), root, options.foreground(), false));
        } catch (IOException e) {
            System.err.println(PROGRAM + ": cannot set up " + root + ": " + e.getMessage());
            return 1;
        }
        return serve(config, options, pidFile);
    }

    private static int serve(DaemonConfig config, Options options, Path pidFile) {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("MAIN");
        log.info("Corral Cluster Engine ('0.1.0'): started and ready to provide service.");
        log.info("Successfully read config from {}", config.confFile());
        log.info("Successfully parsed cman config");
        if (!config.admins().isEmpty()) {
            log.info("uidgid: users {} and groups {} may change settings besides root", config.admins().uids(),
                    config.admins().gids());
        }
        NodeDaemon daemon = new NodeDaemon(config, org.corral.tools.daemon.quorum.CmanEngines.create(config));
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            daemon.start(currentUid(), options.adminGid());
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        } catch (IllegalStateException | IOException e) {
            log.error("cannot start: {}", e.getMessage());
            System.err.println(PROGRAM + ": " + e.getMessage());
            daemon.close();
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        Thread hook = new Thread(() -> {
            log.info("Received SIGTERM: leaving the ring and shutting down.");
            daemon.close();
            deleteQuietly(pidFile);
            log.info("Corral Cluster Engine exiting normally");
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stopped.await(250, TimeUnit.MILLISECONDS)) {
                if (daemon.failure() != null) {
                    log.error("an engine stopped: {}", daemon.failure().getMessage());
                    System.err.println(PROGRAM + ": an engine stopped: " + daemon.failure().getMessage());
                    Runtime.getRuntime().halt(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The pid in the pid file when that process still lives. */
    static Optional<Long> runningPid(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(pid);
            }
        } catch (NumberFormatException e) {
            // a torn pid file is a stale one
        }
        return Optional.empty();
    }

    /** The real uid of this process (from /proc, so no extra JDK module is needed). */
    static int currentUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        throw new IOException("no Uid line in /proc/self/status");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next start treats a dead pid as stale anyway
        }
    }
}
