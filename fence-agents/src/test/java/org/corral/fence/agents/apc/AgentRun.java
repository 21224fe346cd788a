package org.corral.fence.agents.apc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.corral.fence.agents.api.FenceRunner;

/** One run of our fence_apc in this JVM: exit code, stdout, stderr. Runner sleeps are virtual. */
record AgentRun(int code, String out, String err, long elapsedMs) {
    /** Virtual time for the runner's power-wait and polling sleeps; device waits stay real (and bounded). */
    static final class VirtualTiming implements FenceRunner.Timing {
        private long now;

        @Override
        public synchronized long nanoTime() {
            return System.nanoTime() + now;
        }

        @Override
        public synchronized void sleep(Duration duration) {
            now += duration.toNanos();
        }
    }

    static AgentRun of(String... args) {
        return withStdin("", args);
    }

    static AgentRun withStdin(String stdin, String... args) {
        FenceApc.quietLibraryLogging();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code = new FenceRunner(new FenceApc(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), new VirtualTiming()).run(args);
        return new AgentRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public String toString() {
        return "rc=" + code + " after " + elapsedMs + " ms\nstdout:\n" + out + "stderr:\n" + err;
    }
}
