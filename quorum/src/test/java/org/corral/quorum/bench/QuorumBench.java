package org.corral.quorum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumEngine;
import org.corral.quorum.core.QuorumEvent;
import org.corral.quorum.format.CmanStatus;
import org.corral.quorum.format.CmanStatusFormatter;
import org.corral.quorum.qdisk.QdiskConfig;
import org.corral.quorum.qdisk.QdiskConfigResolver;
import org.corral.quorum.qdisk.QdiskDevice;
import org.corral.quorum.qdisk.QdiskInit;
import org.corral.quorum.qdisk.QdiskShell;

/**
 * A benchmark program, not a test: prints figures for docs/quorum.md.
 * Run: {@code java -cp quorum/target/classes:quorum/target/test-classes org.corral.quorum.bench.QuorumBench [dir]}
 */
public final class QuorumBench {
    private QuorumBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        engine();
        qdisk(dir);
        formatter();
        System.exit(0);
    }

    private static void engine() {
        TreeMap<Integer, Integer> votes = new TreeMap<>();
        for (int id = 1; id <= 16; id++) {
            votes.put(id, 1);
        }
        QuorumConfig config = QuorumConfig.cman("bench", 1, 1, votes, OptionalInt.empty(), false);
        QuorumEngine engine = new QuorumEngine(config, 1);
        List<Integer> all = new ArrayList<>(votes.keySet());
        long generation = 0;
        long events = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
            long start = System.nanoTime();
            events = 0;
            for (int i = 0; i < 50_000; i++) {
                int victim = 2 + i % 15;
                List<Integer> less = new ArrayList<>(all);
                less.remove(Integer.valueOf(victim));
                generation += 4;
                engine.apply(new QuorumEvent.Membership(generation, less));
                generation += 4;
                engine.apply(new QuorumEvent.Membership(generation, all));
                engine.apply(new QuorumEvent.NodeInfo(victim, "bench", 1, 1, 1, 16));
                events += 3;
            }
            long ns = System.nanoTime() - start;
            if (round == 1) {
                System.out.printf("quorum engine: %d events in %.1f ms = %.0f events/s (16 nodes, leave/rejoin churn)%n",
                        events, ns / 1e6, events / (ns / 1e9));
            }
        }
    }

    private static void qdisk(Path dir) throws IOException {
        Path file = Files.createTempFile(dir, "qdisk-bench", ".img");
        try {
            QdiskDevice.createFileIfMissing(file);
            QdiskConfig config = ((QdiskConfigResolver.Result.Resolved) QdiskConfigResolver.resolve(
                    Map.of("device", file.toString(), "votes", "1"), List.of(), 10_000, List.of(1, 1, 1))).config();
            try (QdiskDevice device = QdiskDevice.open(file)) {
                QdiskInit.initialize(device, "bench", "bench", 0, line -> { });
                QdiskShell shell = new QdiskShell(config, device, 1, 1, ZoneOffset.UTC);
                int cycles = 2_000;
                long start = System.nanoTime();
                for (int i = 1; i <= cycles; i++) {
                    shell.cycle(i * 1000L, Set.of(1), 1000);
                }
                long ns = System.nanoTime() - start;
                System.out.printf("qdisk cycle (read 16 blocks + write 1, %s I/O on %s): %.3f ms per cycle over %d cycles%n",
                        device.direct() ? "O_DIRECT" : "DSYNC", dir, ns / 1e6 / cycles, cycles);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void formatter() {
        CmanStatus status = new CmanStatus(6, 2, 0, 8, "an-clusterA", 29382, 8, 2, 2, 1, OptionalInt.empty(), 2, 1, 1,
                true, 7, Set.of(CmanStatus.Flag.TWO_NODE), List.of(0), "an-node01.alteeve.com", 1,
                List.of("239.192.114.57"), List.of("10.20.0.1"), List.of());
        long length = 0;
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 200_000; i++) {
                length += CmanStatusFormatter.format(status).length();
            }
            long ns = System.nanoTime() - start;
            if (round == 1) {
                System.out.printf("cman_tool status formatting: %.2f us per call (%d chars)%n", ns / 1e3 / 200_000,
                        length / 400_000);
            }
        }
    }
}
