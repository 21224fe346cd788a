package org.corral.fence.agents.api;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The agent's stderr log in the reference format {@code 2026-11-21 22:42:55,501 ERROR: message}.
 * Without -v only warnings and errors appear; -v adds INFO and DEBUG; -vvv adds wire dumps
 * ({@link #wire}). {@code -q} silences stderr; {@code -D file} copies everything to the file.
 * Callers never pass secrets here; {@link FenceOptions#describe()} masks them.
 */
public final class AgentLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    /** Longest message line written; longer ones are cut (a hostile device must not flood the log). */
    public static final int LINE_CHARS_MAX = 2048;

    private final PrintStream err;
    private final int verboseLevel;
    private final boolean quiet;
    private Writer debugFile;

    public AgentLog(PrintStream err, int verboseLevel, boolean quiet) {
        this.err = err;
        this.verboseLevel = verboseLevel;
        this.quiet = quiet;
    }

    /** Also writes every line to the file (-D); a file that cannot be opened is reported once. */
    public void openDebugFile(Path path) {
        try {
            debugFile = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            warning("Unable to open debug file " + path + ": " + e.getMessage());
        }
    }

    public int verboseLevel() {
        return verboseLevel;
    }

    public void error(String message) {
        write("ERROR", message, true);
    }

    public void warning(String message) {
        write("WARNING", message, true);
    }

    public void info(String message) {
        write("INFO", message, verboseLevel >= 1);
    }

    public void debug(String message) {
        write("DEBUG", message, verboseLevel >= 1);
    }

    /** Packet dumps: only at -vvv and above. */
    public void wire(String message) {
        write("DEBUG", message, verboseLevel >= 3);
    }

    /** Whether {@link #wire} output is shown (to skip building dumps otherwise). */
    public boolean wireEnabled() {
        return verboseLevel >= 3;
    }

    private void write(String level, String message, boolean shown) {
        String text = message.length() > LINE_CHARS_MAX ? message.substring(0, LINE_CHARS_MAX) + "..." : message;
        String line = LocalDateTime.now().format(TIME) + " " + level + ": " + text.replace('\n', ' ');
        if (shown && !quiet) {
            err.println(line);
            err.flush();
        }
        if (debugFile != null && shown) {
            try {
                debugFile.write(line + "\n");
                debugFile.flush();
            } catch (IOException e) {
                debugFile = null;
            }
        }
    }

    /** Closes the debug file. */
    public void close() {
        if (debugFile != null) {
            try {
                debugFile.close();
            } catch (IOException e) {
                // nothing left to report it to
            }
            debugFile = null;
        }
    }
}
