package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QdiskShellTest {
    @TempDir
    Path dir;

    @Test
    void aLoneNodeBecomesMasterRegistersAndWritesItsStatusFile() throws IOException {
        Path file = dir.resolve("qd.img");
        Files.createFile(file);
        QdiskDevice.createFileIfMissing(file);
        Path status = dir.resolve("qdisk.status");
        QdiskConfig config = ((QdiskConfigResolver.Result.Resolved) QdiskConfigResolver.resolve(
                Map.of("device", file.toString(), "status_file", status.toString(), "votes", "1"),
                List.of(Map.of("program", "exit 0")), 10_000, List.of(1, 1, 1))).config();
        try (QdiskDevice device = QdiskDevice.open(file)) {
            QdiskInit.initialize(device, "qd", "n1", 0, line -> { });
            QdiskShell shell = new QdiskShell(config, device, 1, 42, ZoneOffset.UTC);
            boolean registered = false;
            boolean polled = false;
            for (int second = 1; second <= 30 && !polled; second++) {
                long now = second * 1000L;
                for (int index : shell.scorer().due(now)) {
                    shell.scorer().record(index, HeuristicRunner.run(shell.scorer().heuristic(index), 5_000));
                }
                for (QdiskEffect effect : shell.cycle(now, Set.of(1), 1000)) {
                    registered |= effect.equals(new QdiskEffect.RegisterQuorumDevice(file.toString(), 1));
                    polled |= effect.equals(new QdiskEffect.PollQuorumDevice(true, 1));
                }
            }
            assertTrue(registered, "registered with cman after initialization");
            assertTrue(polled, "the master polls cman");
            assertEquals(DiskState.MASTER, shell.node().status());
            String text = Files.readString(status);
            assertTrue(text.startsWith("Time Stamp: Thu Jan  1 00:00:"), text);
            assertTrue(text.contains("Node ID: 1\nScore: 1/1 (Minimum required = 1)\nCurrent state: Master\n"), text);
            assertTrue(text.contains("Master Node ID: 1\nQuorate Set: { 1 }\n"), text);
        }
    }
}
