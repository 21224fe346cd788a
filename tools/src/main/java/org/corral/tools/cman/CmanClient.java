package org.corral.tools.cman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.corral.tools.CommandMain;
import org.corral.tools.daemon.NodeDaemon;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.Service;

/** What cman_tool, corosync-quorumtool, fence_tool and fence_ack_manual share: the prefix, the socket, one call. */
public final class CmanClient {
    /** How long a command waits for the socket before it says cman is not running. */
    static final long CONNECT_MS = 2_000;

    private CmanClient() {}

    /** Thrown with the text printed after "prog: ", and the exit code. */
    public static final class Failure extends Exception {
        private final int status;
        private final int code;

        public Failure(String message, int status, int code) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public Failure(String message) {
            this(message, 0, 1);
        }

        /** The daemon's status code (0 when the failure is local). */
        public int status() {
            return status;
        }

        public int exitCode() {
            return code;
        }
    }

    public static Path root() {
        return CommandMain.root(System.getenv()).toAbsolutePath();
    }

    public static Path socket() {
        return NodeDaemon.socketPath(root());
    }

    public static Path pidFile() {
        return root().resolve("var/run/cluster/corrald.pid");
    }

    /** The pid of a live corrald under this root. */
    public static Optional<Long> runningPid() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(), StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Connects; {@code notRunning} is the whole message when nothing answers. */
    public static ControlClient connect(String notRunning) throws Failure {
        if (!Files.exists(socket())) {
            throw new Failure(notRunning);
        }
        try {
            return ControlClient.connect(socket(), CONNECT_MS);
        } catch (IOException e) {
            throw new Failure(notRunning);
        }
    }

    /** One request; a non-OK status becomes a Failure carrying the daemon's first line. */
    public static List<String> call(ControlClient client, Service service, String command, List<String> arguments)
            throws Failure {
        ControlFrames.Reply reply;
        try {
            reply = client.call(service, command, arguments);
        } catch (IOException e) {
            throw new Failure("lost the connection to corrald: " + e.getMessage());
        }
        if (!reply.ok()) {
            throw new Failure(reply.lines().isEmpty() ? "error " + reply.status() : reply.lines().get(0),
                    reply.status(), 1);
        }
        return reply.lines();
    }

    /** The value of a "key TAB value" line of an info answer, or "". */
    public static String field(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key + "\t")) {
                return line.substring(key.length() + 1);
            }
        }
        return "";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
