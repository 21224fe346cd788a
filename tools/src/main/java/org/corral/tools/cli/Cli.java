package org.corral.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.corral.tools.CommandMain;
import org.corral.tools.daemon.NodeDaemon;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.Service;

/** What the corosync-* commands share: the prefix, the socket, one request with clear failures. */
final class Cli {
    /** A CLI waits this long for corrald before it gives up with a message. */
    static final long WAIT_MS = 10_000;

    private Cli() {}

    static Path root() {
        return CommandMain.root(System.getenv());
    }

    static Path socket() {
        return NodeDaemon.socketPath(root());
    }

    /** Thrown with the one line the command prints before it exits 1. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    static ControlClient connect(String what) throws Failure {
        try {
            return ControlClient.connect(socket(), WAIT_MS);
        } catch (IOException e) {
            throw new Failure("Could not initialize " + what + " (is corrald running? " + socket() + ": "
                    + e.getMessage() + ")");
        }
    }

    /** One request; a non-OK status becomes a Failure with the daemon's text. */
    static List<String> call(ControlClient client, Service service, String command, List<String> arguments) throws Failure {
        ControlFrames.Reply reply;
        try {
            reply = client.call(service, command, arguments);
        } catch (IOException e) {
            throw new Failure("lost the connection to corrald: " + e.getMessage());
        }
        if (!reply.ok()) {
            throw new Failure((reply.lines().isEmpty() ? "error" : reply.lines().get(0)) + " (error " + reply.status() + ")");
        }
        return reply.lines();
    }

    /** Splits a "a TAB b TAB c" answer line into exactly {@code parts} fields. */
    static String[] fields(String line, int parts) throws Failure {
        String[] fields = line.split("\t", parts);
        if (fields.length != parts) {
            throw new Failure("corrald sent a malformed line: " + line);
        }
        return fields;
    }
}
