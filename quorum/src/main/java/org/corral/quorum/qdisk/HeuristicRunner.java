package org.corral.quorum.qdisk;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The thin shell that runs one heuristic: {@code sh -c program}, output discarded, success when it
 * exits 0 within its time limit. A program that does not finish in time is killed and counts as a
 * failure, so a hung check (an NFS mount, a dead gateway) lowers the score instead of stalling
 * qdisk. Runs off the event loop; the result goes back to {@link HeuristicScorer#record}.
 */
public final class HeuristicRunner {
    /** No heuristic may run longer than this, whatever its interval. */
    public static final long RUN_TIME_MAX_MS = 60_000;

    private HeuristicRunner() {}

    public static boolean run(HeuristicConfig heuristic, long timeLimitMs) {
        long limit = Math.min(Math.max(1, timeLimitMs), RUN_TIME_MAX_MS);
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", heuristic.program());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return false;
        }
        try {
            if (!process.waitFor(limit, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
