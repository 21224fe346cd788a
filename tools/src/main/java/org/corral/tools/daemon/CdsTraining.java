package org.corral.tools.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.corral.tools.ipc.ControlClient;
import org.corral.tools.ipc.Service;
import org.corral.tools.log.DaemonLogging;

/**
 * {@code corrald --cds-training}: the run the build uses to record corrald's class-data-sharing
 * archive (tools/src/build/cds-training). A real start loads about 4000 classes (cluster-conf,
 * log4j, Netty, totem, CPG, the engines); trained by {@code -h} the archive held few of them. This
 * starts a one-node ring on localhost in a temporary prefix (its own port), answers one request
 * on the socket, leaves and deletes the prefix: everything a start loads, nothing left behind.
 * Exit 0 when the ring formed within 20 s, 1 otherwise (the build ignores the code).
 */
final class CdsTraining {
    private static final long RING_WAIT_MS = 20_000;

    private CdsTraining() {}

    static int run() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("corrald-cds-");
        try {
            int port = 30_000 + (int) (ProcessHandle.current().pid() % 15_000) * 2;
            Files.createDirectories(root.resolve("etc/cluster"));
            Files.writeString(root.resolve("etc/cluster/cluster.conf"), "<?xml version=\"1.0\"?>\n"
                    + "<cluster name=\"cds\" config_version=\"1\">\n  <cman transport=\"udpu\" port=\"" + port + "\"/>\n"
                    + "  <totem token=\"1000\"/>\n  <clusternodes>\n    <clusternode name=\"localhost\" nodeid=\"1\"/>\n"
                    + "  </clusternodes>\n</cluster>\n", StandardCharsets.UTF_8);
            DaemonConfig config = DaemonConfig.load(root, Optional.of("localhost"));
            DaemonLogging.init(new DaemonLogging.Settings("corosync", "localhost", root, false, false));
            NodeDaemon daemon = new NodeDaemon(config, org.corral.tools.daemon.quorum.CmanEngines.create(config));
            try {
                daemon.start(CorraldMain.currentUid(), -1);
                long deadline = System.nanoTime() + RING_WAIT_MS * 1_000_000L;
                while (daemon.ringMembers() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                try (ControlClient client = ControlClient.connect(NodeDaemon.socketPath(root), 5000)) {
                    client.call(Service.CMAP, "list", List.of("runtime."));
                }
                return daemon.ringMembers() >= 1 ? 0 : 1;
            } finally {
                daemon.close();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
