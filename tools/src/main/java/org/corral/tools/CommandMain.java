package org.corral.tools;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one way every command's {@code main} runs its body: the streams, the flush and the exit code,
 * and where the CORRAL_ROOT prefix is (DESIGN.md §2). Each command keeps a testable
 * {@code run(args, out, err...)}; main only hands it the process's streams.
 */
public final class CommandMain {
    private CommandMain() {}

    /** A command's body: writes to the given streams and returns its exit code. */
    @FunctionalInterface
    public interface Body {
        int run(PrintStream out, PrintStream err);
    }

    /** Standard output in UTF-8 whatever the locale, not flushed per line (main flushes once). */
    public static PrintStream stdout() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    }

    /** Runs {@code body} on UTF-8 stdout and stderr, flushes, exits with its code. */
    public static void exit(Body body) {
        PrintStream out = stdout();
        int code = body.run(out, System.err);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs {@code body} on System.out and System.err; a bug surfacing as an unchecked throwable
     * becomes the one line "program: internal error: ..." and {@code internalErrorCode}, never a
     * stack trace.
     */
    public static void exitGuarded(String program, int internalErrorCode, Body body) {
        int code;
        try {
            code = body.run(System.out, System.err);
        } catch (RuntimeException | Error e) {
            System.err.println(program + ": internal error: " + e);
            code = internalErrorCode;
        }
        System.out.flush();
        System.exit(code);
    }

    /** $CORRAL_ROOT: the environment wins, then the launcher's corral.root property, then "/". */
    public static Path root(Map<String, String> env) {
        String root = env.get("CORRAL_ROOT");
        if (root == null || root.isEmpty()) {
            root = System.getProperty("corral.root", "/");
        }
        return Path.of(root.isEmpty() ? "/" : root);
    }
}
