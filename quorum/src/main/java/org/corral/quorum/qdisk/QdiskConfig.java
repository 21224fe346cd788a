package org.corral.quorum.qdisk;

import java.util.List;

/**
 * Every {@code <quorumd>} attribute after qdiskd's defaults and corrections (see
 * {@link QdiskConfigResolver}). Times are in cycles of {@code intervalSeconds} unless named otherwise.
 *
 * @param label the qdisk label to find the device by (overrides {@code device}), or null
 * @param device the device or shared file path, or null when a label is used
 * @param masterWins only the master advertises votes (two-node clusters without heuristics)
 * @param cmanLabel the name cman shows for the quorum device, or null for the device path
 * @param statusFile where qdiskd writes its state each cycle, or null
 */
public record QdiskConfig(int intervalSeconds, int tko, int tkoUp, int upgradeWait, int masterWait, int votes,
        int minScore, String label, String device, boolean masterWins, boolean allowKill, boolean reboot,
        boolean paranoid, int ioTimeout, int maxErrorCycles, boolean stopCman, boolean useUptime, String scheduler,
        int priority, String cmanLabel, String statusFile, List<HeuristicConfig> heuristics) {

    /** qdiskd reads at most this many {@code <heuristic>} entries. */
    public static final int HEURISTICS_MAX = 10;

    public QdiskConfig {
        heuristics = List.copyOf(heuristics);
        if (heuristics.size() > HEURISTICS_MAX) {
            throw new IllegalArgumentException("at most " + HEURISTICS_MAX + " heuristics");
        }
        if (intervalSeconds < 1 || tko < 1 || tkoUp < 1 || upgradeWait < 1 || masterWait <= tkoUp || votes < 0) {
            throw new IllegalArgumentException("quorumd timings out of range");
        }
        if (label == null && device == null) {
            throw new IllegalArgumentException("quorumd needs a label or a device");
        }
    }

    /** The score a node needs: min_score, or (auto) maxscore/2 + 1 as the code computes it. */
    public int requiredScore(int scoreMax) {
        return minScore > 0 ? minScore : scoreMax / 2 + 1;
    }

    /** The score total of all heuristics; 1 with none (qdiskd fixes the score at 1/1). */
    public int scoreMax() {
        return HeuristicScorer.scoreMax(heuristics);
    }

    /** The name cman registers the quorum device under. */
    public String cmanName() {
        return cmanLabel != null ? cmanLabel : device;
    }
}
