package org.corral.quorum.qdisk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.corral.quorum.format.CTime;

/**
 * One node's qdisk cycle with its I/O: read every status block from the device, run the pure
 * {@link QdiskNode} cycle with the current heuristic score, write the blocks it asked for, and
 * write the status_file if configured. The caller (the daemon's qdisk thread, or a test in
 * virtual time) owns the schedule: call {@link #cycle} once per interval, run the heuristics
 * {@link HeuristicScorer#due} names off the loop, and report their results to {@link #scorer()}.
 * Returns the effects that are not disk writes (cman registration and polls, kills, reboots).
 */
public final class QdiskShell {
    private final QdiskConfig config;
    private final QdiskDevice device;
    private final QdiskNode node;
    private final HeuristicScorer scorer;
    private final ZoneId zone;

    public QdiskShell(QdiskConfig config, QdiskDevice device, int nodeId, long incarnation, ZoneId zone) {
        this.config = config;
        this.device = device;
        this.node = new QdiskNode(config, nodeId, incarnation);
        this.scorer = new HeuristicScorer(config.heuristics());
        this.zone = zone;
    }

    public HeuristicScorer scorer() {
        return scorer;
    }

    public QdiskNode node() {
        return node;
    }

    public List<QdiskEffect> cycle(long nowMs, Set<Integer> cmanMembers, long lastCycleUs) throws IOException {
        List<QdiskEffect> effects = node.cycle(new QdiskNode.CycleInput(nowMs, device.readAllStatus(), scorer.score(),
                scorer.scoreMax(), cmanMembers, lastCycleUs));
        device.apply(effects);
        if (config.statusFile() != null) {
            writeStatusFile(nowMs);
        }
        List<QdiskEffect> rest = new ArrayList<>();
        for (QdiskEffect effect : effects) {
            if (!(effect instanceof QdiskEffect.WriteBlock)) {
                rest.add(effect);
            }
        }
        return rest;
    }

    private void writeStatusFile(long nowMs) throws IOException {
        String text = node.statusFileText(CTime.ctime(nowMs / 1000, zone), scorer.score(), scorer.scoreMax());
        if (config.statusFile().equals("-")) {
            System.out.print(text);
            return;
        }
        Path target = Path.of(config.statusFile());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
