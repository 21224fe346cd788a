package org.corral.fence.agents.apc;

import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.function.Executable;

/**
 * Runs independent named checks at the same time (each against its own simulator) and reports
 * every failure under its name. The agents spend most of their time waiting on pauses and
 * prompts, so this cuts the suite's wall time without making any check depend on another.
 */
final class SideBySide {
    interface Check {
        void run() throws Exception;
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();

    SideBySide add(String name, Check check) {
        checks.put(name, check);
        return this;
    }

    /** Runs all, waits for each at most {@code boundSeconds}, then asserts them all. */
    void runAll(long boundSeconds) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(checks.size());
        try {
            Map<String, Future<?>> running = new LinkedHashMap<>();
            for (Map.Entry<String, Check> entry : checks.entrySet()) {
                running.put(entry.getKey(), pool.submit(() -> {
                    entry.getValue().run();
                    return null;
                }));
            }
            List<Executable> verdicts = new ArrayList<>();
            for (Map.Entry<String, Future<?>> entry : running.entrySet()) {
                verdicts.add(() -> {
                    try {
                        entry.getValue().get(boundSeconds, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw new AssertionError(entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                });
            }
            assertAll(verdicts);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
