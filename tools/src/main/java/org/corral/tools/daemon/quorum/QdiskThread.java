package org.corral.tools.daemon.quorum;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.Section;
import org.corral.quorum.core.QuorumEvent;
import org.corral.quorum.qdisk.Decoded;
import org.corral.quorum.qdisk.HeuristicRunner;
import org.corral.quorum.qdisk.QdiskConfig;
import org.corral.quorum.qdisk.QdiskConfigResolver;
import org.corral.quorum.qdisk.QdiskDevice;
import org.corral.quorum.qdisk.QdiskEffect;
import org.corral.quorum.qdisk.QdiskScanner;
import org.corral.quorum.qdisk.QdiskShell;
import org.corral.quorum.qdisk.QuorumHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * qdiskd as a thread of corrald: once per {@code interval} it runs the due heuristics
 * ({@code sh -c}, bounded), then one {@link QdiskShell} cycle against the shared device (a block
 * device or a file, {@code device=} taken under CORRAL_ROOT, {@code label=} found by {@link QdiskScanner}), and hands the cman effects to the
 * loop: registration and polls become {@code QdiskRegister} / {@code QdiskPoll} for the quorum
 * engine, an eviction with allow_kill becomes cman's kill message, a lost score with reboot=1
 * stops this node (the stand-in for a reboot), stop_cman makes it leave. Disk I/O never runs on
 * the loop.
 */
final class QdiskThread {
    private static final Logger QDISK = LoggerFactory.getLogger("QDISKD");

    private final QdiskConfig config;
    private final QdiskShell shell;
    private final QuorumPlugin plugin;
    private final Path devicePath;
    private final ScheduledExecutorService thread;
    private volatile Set<Integer> cmanMembers = Set.of();
    private long lastCycleUs;
    private boolean registered;

    private QdiskThread(QdiskConfig config, QdiskShell shell, QuorumPlugin plugin, Path devicePath) {
        this.config = config;
        this.devicePath = devicePath;
        this.shell = shell;
        this.plugin = plugin;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "qdiskd");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The qdisk thread for this configuration, or empty without {@code <quorumd>}. Throws
     * IllegalArgumentException with qdiskd's message when the configuration is refused.
     */
    static Optional<QdiskThread> create(ClusterConf conf, EffectiveConfig effective, Path root, int nodeId,
            QuorumPlugin plugin) {
        if (conf.quorumd().isEmpty() || !conf.quorumd().get().section().present()) {
            return Optional.empty();
        }
        ClusterConf.Quorumd quorumd = conf.quorumd().get();
        List<Map<String, String>> heuristics = new ArrayList<>();
        for (Section heuristic : quorumd.heuristics()) {
            heuristics.add(heuristic.attributes());
        }
        List<Integer> votes = new ArrayList<>();
        effective.nodes().forEach(n -> votes.add((int) n.votes()));
        QdiskConfigResolver.Result result = QdiskConfigResolver.resolve(quorumd.section().attributes(), heuristics,
                (int) effective.totem().tokenMs(), votes);
        if (result instanceof QdiskConfigResolver.Result.Refused refused) {
            throw new IllegalArgumentException("qdiskd: " + refused.message());
        }
        QdiskConfigResolver.Result.Resolved resolved = (QdiskConfigResolver.Result.Resolved) result;
        resolved.logs().forEach(QDISK::warn);
        QdiskConfig config = resolved.config();
        Path path = config.device() != null ? checkDevice(root, config.device()) : findLabel(root, config.label());
        try {
            QdiskDevice opened = QdiskDevice.open(path);
            QDISK.info("Quorum Partition: {} Label: {}", path, config.label() == null ? "" : config.label());
            return Optional.of(new QdiskThread(config, new QdiskShell(config, opened, nodeId,
                    System.currentTimeMillis() / 1000, ZoneId.systemDefault()), plugin, path));
        } catch (IOException e) {
            throw new IllegalArgumentException("qdiskd: cannot open " + path + ": " + e.getMessage());
        }
    }

    /**
     * device=: taken under CORRAL_ROOT; refused, with qdiskd's messages, when it holds no quorum
     * disk header or one recorded for another sector size.
     */
    static Path checkDevice(Path root, String device) {
        Path path = device.startsWith("/") ? root.resolve(device.substring(1)) : root.resolve(device);
        try (QdiskDevice opened = QdiskDevice.openReadOnly(path)) {
            Decoded<QuorumHeader> header = opened.readHeader();
            if (header instanceof Decoded.Invalid<QuorumHeader> invalid) {
                // qdiskd's message, then why the header slot was refused (no magic, a CRC mismatch, ...)
                throw new IllegalArgumentException("qdiskd: Specified partition " + path
                        + " does not have a qdisk label (" + invalid.reason() + ")");
            }
            Decoded.Ok<QuorumHeader> ok = (Decoded.Ok<QuorumHeader>) header;
            if (ok.value().blockSize() != opened.sectorSize()) {
                throw new IllegalArgumentException("qdiskd: Specified device " + path
                        + " does not match kernel's reported sector size (" + ok.value().blockSize() + " != "
                        + opened.sectorSize() + ")");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("qdiskd: cannot open " + path + ": " + e.getMessage());
        }
        return path;
    }

    /**
     * label=: the one quorum disk carrying it, found as mkqdisk -L finds them ({@link QdiskScanner}:
     * the shared files of $CORRAL_ROOT/var/lib/cluster/qdisk, then $CORRAL_ROOT/proc/partitions).
     * qdiskd took the first of several matches with a warning; Corral refuses to start, naming
     * them all, because nodes that list devices in different orders would use different disks.
     */
    static Path findLabel(Path root, String label) {
        QdiskScanner.LabelMatch match = new QdiskScanner(root).findLabel(label);
        if (match instanceof QdiskScanner.LabelMatch.One one) {
            return one.found().path();
        }
        if (match instanceof QdiskScanner.LabelMatch.Several several) {
            StringBuilder paths = new StringBuilder();
            for (QdiskScanner.Found found : several.all()) {
                paths.append(paths.length() == 0 ? "" : ", ").append(found.path());
            }
            throw new IllegalArgumentException("qdiskd: " + several.all().size() + " matches found for label '" + label
                    + "' (" + paths + "); please use 'device=' instead!");
        }
        throw new IllegalArgumentException("qdiskd: Unable to match label '" + label + "' to any device");
    }

    void start() {
        QDISK.info("Quorum Daemon Initializing");
        long period = config.intervalSeconds() * 1000L;
        thread.scheduleAtFixedRate(this::cycleSafely, period, period, TimeUnit.MILLISECONDS);
    }

    /** Called on the loop with cman's members. */
    void members(List<Integer> members) {
        cmanMembers = Set.copyOf(new TreeSet<>(members));
    }

    private void cycleSafely() {
        try {
            cycle();
        } catch (IOException | RuntimeException e) {
            QDISK.error("qdisk cycle failed: {}", e.getMessage());
        }
    }

    private void cycle() throws IOException {
        long now = System.currentTimeMillis();
        for (int index : shell.scorer().due(now)) {
            var heuristic = shell.scorer().heuristic(index);
            boolean ok = HeuristicRunner.run(heuristic, heuristic.intervalSeconds() * 1000L * Math.max(1, heuristic.tko()));
            shell.scorer().record(index, ok);
        }
        long start = System.nanoTime();
        List<QdiskEffect> effects = shell.cycle(now, cmanMembers, lastCycleUs);
        lastCycleUs = (System.nanoTime() - start) / 1000;
        for (QdiskEffect effect : effects) {
            if (effect instanceof QdiskEffect.Log log) {
                switch (log.level()) {
                    case DEBUG -> QDISK.debug(log.text());
                    case INFO, NOTICE -> QDISK.info(log.text());
                    case WARNING -> QDISK.warn(log.text());
                    default -> QDISK.error(log.text());
                }
            } else if (effect instanceof QdiskEffect.RegisterQuorumDevice register) {
                if (!registered) {
                    registered = true;
                    // With label= only, qdiskd registered the device it found under its path.
                    String name = register.name() != null ? register.name() : devicePath.toString();
                    plugin.post(() -> plugin.apply(new QuorumEvent.QdiskRegister(name, register.votes())));
                }
            } else if (effect instanceof QdiskEffect.PollQuorumDevice poll) {
                long at = now;
                plugin.post(() -> plugin.apply(new QuorumEvent.QdiskPoll(poll.alive(), at, poll.masterNodeId())));
            } else if (effect instanceof QdiskEffect.KillNode kill) {
                plugin.post(() -> plugin.send(QuorumMessages.kill(kill.nodeId(), plugin.self())));
            } else if (effect instanceof QdiskEffect.Reboot reboot) {
                QDISK.error("Rebooting: {} (corrald stands in for the machine and exits)", reboot.reason());
                plugin.post(() -> plugin.exit(1));
            } else if (effect instanceof QdiskEffect.StopCman stop) {
                QDISK.error("{}: stopping cman", stop.reason());
                plugin.post(() -> plugin.requestLeave(false));
            } else if (effect instanceof QdiskEffect.Stop stop) {
                QDISK.error("qdisk stopped: {}", stop.reason());
                thread.shutdown();
            }
        }
    }
}
