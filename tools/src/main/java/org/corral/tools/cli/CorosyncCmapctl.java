package org.corral.tools.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.corral.tools.CommandMain;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.Service;

/**
 * corosync-cmapctl (corosync 2.x shape, over corrald's key store): with no argument or {@code -a}
 * every key as {@code key (type) = value}; a bare argument is a prefix; {@code -g key} one key;
 * {@code -s key type value} sets (root or the admin group); {@code -d key} deletes a key set at run time;
 * {@code -t key...} / {@code -T prefix...} print each change as it happens until "q" or end of input.
 */
public final class CorosyncCmapctl {
    private static final String PROGRAM = "corosync-cmapctl";
    /** Keys (or prefixes) one tracking run may name; the daemon allows 16 tracks a connection. */
    static final int TRACK_KEYS_MAX = 16;

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
        } else if ((args[0].equals("-t") || args[0].equals("-T") || args[0].equals("-g") || args[0].equals("-d"))
                && args.length == 1) {
            err.println("Expected key after options");
            return 1;
        } else if ((args[0].equals("-t") || args[0].equals("-T")) && args.length >= 2) {
            return track(List.of(args).subList(1, args.length), args[0].equals("-T"), out, err, System.in);
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

    /**
     * -t key / -T prefix: subscribes, prints "Type "q" to finish", then each change as corosync's
     * cmapctl printed it ({@code create> key (type) = value}, {@code modify>}, {@code delete>}) until
     * a line starting with q or the end of stdin, as corosync's tool stopped.
     */
    static int track(List<String> names, boolean prefix, PrintStream out, PrintStream err, InputStream in) {
        if (names.size() > TRACK_KEYS_MAX) {
            err.println(PROGRAM + ": more than " + TRACK_KEYS_MAX + " keys to track");
            return 1;
        }
        AtomicBoolean quit = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null && !line.startsWith("q")) {
                    // anything else typed is ignored, as by corosync-cmapctl
                }
            } catch (IOException e) {
                // an unreadable stdin ends tracking like its end does
            }
            quit.set(true);
        }, "stdin");
        stdin.setDaemon(true);
        try (ControlClient client = Cli.connect("cmap")) {
            for (String name : names) {
                Cli.call(client, Service.CMAP, "track", List.of(name, prefix ? "prefix" : "key"));
            }
            out.println("Type \"q\" to finish");
            out.flush();
            stdin.start();
            while (!quit.get()) {
                Optional<ControlFrames.Reply> notification;
                try {
                    notification = client.nextNotification(200);
                } catch (IOException e) {
                    err.println(PROGRAM + ": Dispatch error: " + e.getMessage());
                    return 1;
                }
                if (notification.isPresent()) {
                    for (String line : notification.get().lines()) {
                        String[] f = Cli.fields(line, 4);
                        out.println(f[0] + "> " + f[1] + " (" + f[2] + ") = " + f[3]);
                    }
                    out.flush();
                }
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
        stream.println("        corosync-cmapctl -t key_name...     (track changes of these keys)");
        stream.println("        corosync-cmapctl -T key_prefix...   (track changes of keys with these prefixes)");
    }
}
