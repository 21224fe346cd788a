package org.corral.quorum.qdisk;

import java.util.ArrayList;
import java.util.List;

/**
 * The pure half of qdiskd's heuristics ({@code cman/qdisk/score.c}): which heuristic is due to run,
 * and the score from the results the runner reports. A heuristic counts its score once it has
 * succeeded and until it fails {@code tko} times in a row. Without heuristics the score is 1/1.
 * The runner (a thin shell running {@code sh -c program}) only reports exit statuses.
 */
public final class HeuristicScorer {
    private final List<HeuristicConfig> heuristics;
    private final long[] nextRunMs;
    private final int[] failures;
    private final boolean[] up;

    public HeuristicScorer(List<HeuristicConfig> heuristics) {
        if (heuristics.size() > QdiskConfig.HEURISTICS_MAX) {
            throw new IllegalArgumentException("at most " + QdiskConfig.HEURISTICS_MAX + " heuristics");
        }
        this.heuristics = List.copyOf(heuristics);
        this.nextRunMs = new long[heuristics.size()];
        this.failures = new int[heuristics.size()];
        this.up = new boolean[heuristics.size()];
    }

    /** The heuristics to start now; each is scheduled again one interval later. */
    public List<Integer> due(long nowMs) {
        List<Integer> due = new ArrayList<>();
        for (int i = 0; i < heuristics.size(); i++) {
            if (nowMs >= nextRunMs[i]) {
                due.add(i);
                nextRunMs[i] = nowMs + heuristics.get(i).intervalSeconds() * 1000L;
            }
        }
        return due;
    }

    /** A run finished: exit status 0 is success (a run that timed out or failed to start is a failure). */
    public void record(int index, boolean success) {
        if (index < 0 || index >= heuristics.size()) {
            throw new IllegalArgumentException("no heuristic " + index);
        }
        if (success) {
            failures[index] = 0;
            up[index] = true;
        } else {
            failures[index]++;
            if (failures[index] >= heuristics.get(index).tko()) {
                up[index] = false;
            }
        }
    }

    public int score() {
        if (heuristics.isEmpty()) {
            return 1;
        }
        int score = 0;
        for (int i = 0; i < heuristics.size(); i++) {
            if (up[i]) {
                score += heuristics.get(i).score();
            }
        }
        return score;
    }

    public int scoreMax() {
        return scoreMax(heuristics);
    }

    /** The score total of {@code heuristics}; 1 with none (qdiskd fixes the score at 1/1). */
    static int scoreMax(List<HeuristicConfig> heuristics) {
        if (heuristics.isEmpty()) {
            return 1;
        }
        int total = 0;
        for (HeuristicConfig heuristic : heuristics) {
            total += heuristic.score();
        }
        return total;
    }

    public int size() {
        return heuristics.size();
    }

    public HeuristicConfig heuristic(int index) {
        return heuristics.get(index);
    }
}
