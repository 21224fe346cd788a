package org.corral.quorum.qdisk;

/**
 * One {@code <heuristic>}: a program run with {@code sh -c} every {@code intervalSeconds}; it counts
 * {@code score} while up, and goes down after {@code tko} consecutive failures.
 */
public record HeuristicConfig(String program, int score, int intervalSeconds, int tko) {
    public static final int PROGRAM_LENGTH_MAX = 4096;

    public HeuristicConfig {
        if (program == null || program.isBlank()) {
            throw new IllegalArgumentException("heuristic program is required");
        }
        if (program.length() > PROGRAM_LENGTH_MAX) {
            throw new IllegalArgumentException("heuristic program longer than " + PROGRAM_LENGTH_MAX);
        }
        if (score < 1 || intervalSeconds < 1 || tko < 1) {
            throw new IllegalArgumentException("heuristic score, interval and tko must be at least 1");
        }
    }
}
