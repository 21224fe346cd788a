package org.corral.tools.cmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.tools.cli.CmapctlLauncher;
import org.corral.tools.daemon.LocalCluster;
import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corosync-cmapctl -T on a real corrald: it prints the member keys a second node's arrival creates
 * and its departure modifies, in corosync's "create>"/"modify>" shape, and ends on "q"; a tracking
 * client killed with -9 leaves no track and no connection behind.
 */
class CmapTrackProcessTest {
    private static final String MEMBERS = "runtime.totem.pg.mrp.srp.members";

    @TempDir
    Path dir;

    private static String key(LocalCluster cluster, String key) {
        try (ControlClient client = ControlClient.connect(cluster.socket(1), 5000)) {
            List<String> lines = client.call(Service.CMAP, "get", List.of(key)).lines();
            return lines.isEmpty() ? "" : lines.get(0).substring(lines.get(0).lastIndexOf('\t') + 1);
        } catch (IOException | RuntimeException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    @Test
    void trackingSeesASecondNodeComeAndGoAndAVanishedClientCostsNothing() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 2)) {
            cluster.start(1);
            cluster.awaitRing(1, 1);
            Path output = dir.resolve("track.out");
            Process tracker = CmapctlLauncher.start(cluster.root(1), output, "-T", MEMBERS);
            Process vanishing = null;
            try {
                cluster.awaitCondition("tracking started", () -> read(output).startsWith("Type \"q\" to finish\n")
                        && key(cluster, "runtime.services.cmap.tracks").equals("1"));
                cluster.start(2);
                cluster.awaitCondition("node2's keys created", () -> read(output).contains(
                        "create> " + MEMBERS + ".2.ip (str) = r(0) ip(127.0.0.2) \n"));
                assertTrue(read(output).contains("create> " + MEMBERS + ".2.status (str) = joined\n"), read(output));

                vanishing = CmapctlLauncher.start(cluster.root(1), dir.resolve("vanishing.out"), "-t", MEMBERS + ".2.status");
                Path vanishingOutput = dir.resolve("vanishing.out");
                cluster.awaitCondition("second tracker registered", () -> read(vanishingOutput).startsWith("Type")
                        && key(cluster, "runtime.services.cmap.tracks").equals("2"));
                String connectionsBefore = key(cluster, "runtime.connections.active");
                vanishing.destroyForcibly();
                assertTrue(vanishing.waitFor(30, TimeUnit.SECONDS));
                cluster.awaitCondition("the killed tracker's track is gone", () ->
                        key(cluster, "runtime.services.cmap.tracks").equals("1"));
                assertEquals(Integer.parseInt(connectionsBefore) - 1,
                        Integer.parseInt(key(cluster, "runtime.connections.active")));

                cluster.kill(2);
                cluster.awaitCondition("node2's departure seen", () -> read(output).contains(
                        "modify> " + MEMBERS + ".2.status (str) = left\n"));
                tracker.getOutputStream().write("q\n".getBytes(StandardCharsets.US_ASCII));
                tracker.getOutputStream().flush();
                assertTrue(tracker.waitFor(30, TimeUnit.SECONDS), "q did not end tracking");
                assertEquals(0, tracker.exitValue(), read(output));
                assertTrue(cluster.ringMembers(1) == 1 && cluster.daemon(1).isAlive(), cluster.logs());
            } finally {
                tracker.destroyForcibly();
                if (vanishing != null) {
                    vanishing.destroyForcibly();
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
