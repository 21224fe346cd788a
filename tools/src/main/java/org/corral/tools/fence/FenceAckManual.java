package org.corral.tools.fence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.corral.tools.CommandMain;
import org.corral.tools.cman.CmanClient;

/**
 * fence_ack_manual NODE: tells fenced that the administrator has made sure NODE is off. Asks
 * "Continue [NO/absolutely]?" (anything but "absolutely" aborts, exit 1), then writes the name
 * into fenced's override FIFO ($CORRAL_ROOT/var/run/cluster/fenced_override) and prints "Done".
 * {@code -y} skips the question (for scripts).
 */
public final class FenceAckManual {
    static final String PROGRAM = "fence_ack_manual";

    private FenceAckManual() {}

    public static void main(String[] args) {
        CommandMain.exit((out, err) -> run(args, out, err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))));
    }

    static int run(String[] args, PrintStream out, PrintStream err, BufferedReader in) {
        boolean yes = false;
        String node = null;
        for (String arg : args) {
            if (arg.equals("-y")) {
                yes = true;
            } else if (arg.equals("-h")) {
                out.println("usage: fence_ack_manual [-y] <nodename>");
                return 0;
            } else if (arg.startsWith("-") || node != null) {
                err.println("usage: fence_ack_manual [-y] <nodename>");
                return 1;
            } else {
                node = arg;
            }
        }
        if (node == null) {
            err.println("usage: fence_ack_manual [-y] <nodename>");
            return 1;
        }
        Path fifo = CmanClient.root().resolve("var/run/cluster/fenced_override");
        out.println();
        out.println("WARNING!  This command will allow fenced to proceed as if " + node);
        out.println("has been fenced.  This operation should only be used after manually");
        out.println("confirming that " + node + " has been turned off, reset or disconnected");
        out.println("from shared storage.  Failing to do so may result in data corruption.");
        out.println();
        if (!yes) {
            out.print("Continue [NO/absolutely]? ");
            out.flush();
            String answer;
            try {
                answer = in.readLine();
            } catch (IOException e) {
                answer = null;
            }
            if (answer == null || !answer.strip().equals("absolutely")) {
                out.println("Aborted");
                return 1;
            }
        }
        if (!Files.exists(fifo) || CmanClient.runningPid().isEmpty()) {
            err.println(PROGRAM + ": fenced is not running (no " + fifo + ")");
            return 1;
        }
        String problem = writeFifo(fifo, node);
        if (!problem.isEmpty()) {
            err.println(PROGRAM + ": cannot write " + fifo + ": " + problem);
            return 1;
        }
        out.println("Done");
        return 0;
    }

    /** Writes the name into the FIFO; "" on success, else why not. */
    private static String writeFifo(Path fifo, String node) {
        // Opening a FIFO for writing blocks until a reader is there. fenced's reader always is,
        // unless corrald is stopped or hung: then give up after OPEN_WAIT_MS instead of hanging.
        java.util.concurrent.CompletableFuture<String> written = new java.util.concurrent.CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try (OutputStream stream = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                stream.write((node + "\n").getBytes(StandardCharsets.UTF_8));
                written.complete("");
            } catch (IOException e) {
                written.complete(e.getMessage());
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        String problem;
        try {
            problem = written.get(OPEN_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            problem = "fenced did not open " + fifo + " within " + OPEN_WAIT_MS / 1000 + " s (is corrald hung?)";
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            problem = e.toString();
        }
        return problem;
    }

    static final long OPEN_WAIT_MS = 10_000;
}
