package org.corral.tools.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.corral.cpg.core.CpgConfig;
import org.corral.cpg.core.CpgEffect;
import org.corral.cpg.core.CpgEngine;
import org.corral.cpg.core.CpgState;
import org.corral.cpg.core.TotemPort;
import org.corral.cpg.wire.CpgCodec;
import org.corral.cpg.wire.CpgIpcHandler;
import org.corral.tools.cmap.CmapService;
import org.corral.tools.cmap.CmapStore;
import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.IpcDispatcher;
import org.corral.tools.ipc.AdminAccess;
import org.corral.tools.ipc.IpcServer;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemProcessor;
import org.corral.totem.io.NodeEngine;
import org.corral.totem.io.TotemShell;
import org.corral.totem.rrp.RrpCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's engines on one event loop: totem's shell owns the loop; the CPG engine, cmap, the
 * IPC dispatcher and any {@link DaemonEngine} run on it as tasks, so protocol state has exactly one
 * thread. The IPC socket ({@link IpcServer}) runs on that loop too when it is epoll (always on
 * Linux): a request is read, handled and answered in one wake-up of one thread.
 *
 * <p>The loop's contract:
 * <ol>
 *   <li>Totem hands events up from inside its own processing; they are queued and handled in a
 *       task of their own, so no engine ever calls back into totem while totem is mid-step.</li>
 *   <li>A totem payload starts with its engine's tag byte (CPG 1): deliveries are routed by it.</li>
 *   <li>After every task (events, IPC frames, the flush timer): the CPG outbox is retried, CPG
 *       effects go to their clients, engines run {@link DaemonEngine#afterEvents}, and each
 *       connection's gathered output is written once.</li>
 * </ol>
 */
public final class NodeDaemon implements AutoCloseable {
    static final int CPG_TAG = 1;
    /** How often the loop retries the CPG outbox when no event came to do it. */
    static final long FLUSH_INTERVAL_MS = 10;

    private static final Logger MAIN = LoggerFactory.getLogger("MAIN");
    private static final Logger TOTEM = LoggerFactory.getLogger("TOTEM");
    private static final Logger CPG = LoggerFactory.getLogger("CPG");
    private static final Logger SERV = LoggerFactory.getLogger("SERV");

    private final DaemonConfig config;
    private final TotemShell shell;
    private final ArrayDeque<TotemEvent> events = new ArrayDeque<>();
    private final Map<Integer, DaemonEngine> engines = new TreeMap<>();
    private final TreeMap<Integer, String> memberStatus = new TreeMap<>();
    private final TreeMap<Integer, Long> joinCounts = new TreeMap<>();
    private final ScheduledExecutorService timer;
    private NodeEngine totem;
    private CpgEngine cpg;
    private IpcDispatcher dispatcher;
    private IpcServer server;
    private CmapStore cmap;
    private boolean drainScheduled;
    /** Set on the loop once every engine has started; totem events wait in the queue until then. */
    private boolean started;
    private RingId announcedRing;
    private int lastLeftCount;
    private volatile int ringMembers;

    public NodeDaemon(DaemonConfig config, List<DaemonEngine> plugins) {
        this.config = config;
        this.shell = new TotemShell(config.net(), stateDir(config.root()), this::onTotemEvent);
        for (DaemonEngine engine : plugins) {
            if (engine.totemTag() <= CPG_TAG || engine.totemTag() > 255 || engines.put(engine.totemTag(), engine) != null) {
                throw new IllegalArgumentException("engine tag " + engine.totemTag() + " is taken or outside 2..255");
            }
        }
        this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flush-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    static Path stateDir(Path root) {
        return root.resolve("var/lib/cluster");
    }

    public static Path socketPath(Path root) {
        return root.resolve("var/run/cluster/corrald.sock");
    }

    /** Binds the ring and the socket and starts every engine; returns once the loop runs. */
    public void start(int daemonUid, int adminGid) throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(stateDir(config.root()));
        long persisted = shell.readPersistedRingSeq();
        long seed = config.net().self().value() * 1_000_003L ^ System.nanoTime();
        TOTEM.info("Initializing transport (UDP/IP {}).", switch (config.net().transport()) {
            case UDPU -> "Unicast";
            case UDP -> "Multicast";
            case UDPB -> "Broadcast";
        });
        TOTEM.info("Initializing transmit/receive security: {} (key from {}).",
                config.sealer().secauthOn() ? "AES-256-GCM" : "none", config.keyOrigin().equals("bytes") ? "the cluster name" : config.keyOrigin());
        buildServices();
        shell.start(sink -> {
            totem = new NodeEngine(config.net().self(), new TotemProcessor(config.totem(), persisted, new SplittableRandom(seed)),
                    new RrpCore(config.rrp(), config.net().self(), 0), config.sealer(), sink);
            return totem;
        });
        for (int ring = 0; ring < config.net().rings().size(); ring++) {
            TOTEM.info("The network interface [{}] is now up.", config.net().rings().get(ring).bind().getHostAddress());
        }
        TOTEM.info("Frames of up to {} bytes ({}); socket receive buffer {} bytes.", config.net().netMtu(),
                config.netMtuOrigin(), shell.receiveBufferBytes());
        shell.call(() -> {
            for (DaemonEngine engine : engines.values()) {
                engine.start(contextFor(engine));
            }
            // Only now may events flow: an engine sees the ring's first configuration too.
            started = true;
            drainEvents();
            return null;
        }).join();
        AdminAccess admins = config.admins().withGid(adminGid);
        server = shell.epollGroup()
                .map(loop -> new IpcServer(socketPath(config.root()), dispatcher, loopExecutor(), daemonUid, admins, loop))
                .orElseGet(() -> new IpcServer(socketPath(config.root()), dispatcher, loopExecutor(), daemonUid, admins));
        server.start();
        timer.scheduleAtFixedRate(() -> shell.call(() -> {
            afterWork();
            return null;
        }), FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Built before the loop starts (the first totem event may come at once); handed to the loop
     * thread by the shell's task queue, and touched by no other thread after that.
     */
    private void buildServices() {
        TotemPort port = new TotemPort() {
            @Override
            public SubmitResult submit(byte[] payload) {
                return totem.submit(tagged(CPG_TAG, payload));
            }

            @Override
            public int payloadBytesMax() {
                return config.totem().payloadBytesMax() - 1;
            }
        };
        cpg = new CpgEngine(CpgConfig.defaults(), config.net().self(), port, CpgCodec.INSTANCE);
        dispatcher = new IpcDispatcher(new CpgIpcHandler(cpg));
        cmap = new CmapStore(config.flattened());
        cmap.addRuntime(this::totemKeys);
        cmap.addRuntime(this::cpgKeys);
        cmap.addRuntime(dispatcher::runtimeKeys);
        dispatcher.register(new CmapService(cmap));
        dispatcher.register(new CfgService(this));
        SERV.info("Service engine loaded: corosync cluster closed process group service v1.01");
        SERV.info("Service engine loaded: corosync configuration service");
        SERV.info("Service engine loaded: corosync cluster config database access v1.01");
    }

    private DaemonEngine.Context contextFor(DaemonEngine engine) {
        return new DaemonEngine.Context() {
            @Override
            public NodeId self() {
                return config.net().self();
            }

            @Override
            public SubmitResult submit(byte[] payload) {
                return totem.submit(tagged(engine.totemTag(), payload));
            }

            @Override
            public void post(Runnable task) {
                loopExecutor().execute(task);
            }

            @Override
            public void runtimeKeys(Supplier<Map<String, String>> provider) {
                cmap.addRuntime(provider);
            }

            @Override
            public void register(ControlService service) {
                dispatcher.register(service);
            }
        };
    }

    /** Runs a task on the loop, then the after-work of the contract's point 3. */
    Executor loopExecutor() {
        return task -> shell.call(() -> {
            task.run();
            afterWork();
            return null;
        });
    }

    private static byte[] tagged(int tag, byte[] payload) {
        byte[] out = new byte[payload.length + 1];
        out[0] = (byte) tag;
        System.arraycopy(payload, 0, out, 1, payload.length);
        return out;
    }

    /** Called by totem from inside its step: queue only (point 1 of the contract). */
    private void onTotemEvent(TotemEvent event) {
        events.addLast(event);
        if (!drainScheduled && started) {
            drainScheduled = true;
            shell.call(() -> {
                drainEvents();
                return null;
            });
        }
    }

    private void drainEvents() {
        drainScheduled = false;
        if (!started) {
            return;
        }
        TotemEvent event;
        while ((event = events.pollFirst()) != null) {
            if (event instanceof TotemEvent.Delivered delivered) {
                deliver(delivered);
            } else if (event instanceof TotemEvent.ConfigurationChange change) {
                configuration(change);
            } else if (event instanceof TotemEvent.Log log) {
                log(TOTEM, log.level(), log.text());
            }
        }
        afterWork();
    }

    private void deliver(TotemEvent.Delivered delivered) {
        byte[] payload = delivered.payload();
        if (payload.length == 0) {
            return;
        }
        int tag = Byte.toUnsignedInt(payload[0]);
        byte[] inner = Arrays.copyOfRange(payload, 1, payload.length);
        if (tag == CPG_TAG) {
            cpg.onTotemEvent(new TotemEvent.Delivered(delivered.origin(), delivered.ring(), inner));
        } else {
            DaemonEngine engine = engines.get(tag);
            if (engine != null) {
                engine.onDelivered(delivered.origin(), inner);
            }
        }
    }

    private void configuration(TotemEvent.ConfigurationChange change) {
        if (change.type() == ConfigurationType.TRANSITIONAL) {
            lastLeftCount = change.left().size();
        } else {
            TOTEM.info("A processor joined or left the membership and a new membership was formed.");
            memberStatus.replaceAll((id, status) -> "left");
            for (NodeId member : change.members()) {
                memberStatus.put(member.value(), "joined");
            }
            for (NodeId joined : change.joined()) {
                joinCounts.merge(joined.value(), 1L, Long::sum);
            }
            joinCounts.putIfAbsent(config.net().self().value(), 1L);
            ringMembers = change.members().size();
            CPG.info("downlist received left_list: {}", lastLeftCount);
        }
        cpg.onTotemEvent(change);
        for (DaemonEngine engine : engines.values()) {
            engine.onConfiguration(change);
        }
    }

    /** Point 3 of the contract. */
    private void afterWork() {
        if (!started) {
            return;
        }
        cpg.flush();
        List<CpgEffect> effects = cpg.takeEffects();
        for (CpgEffect.Log log : dispatcher.routeCpg(effects)) {
            log(CPG, log.level(), log.text());
        }
        for (DaemonEngine engine : engines.values()) {
            engine.afterEvents();
        }
        dispatcher.flushOutput();
        if (cpg.state() == CpgState.ACTIVE && cpg.ring().isPresent() && !cpg.ring().get().equals(announcedRing)) {
            boolean first = announcedRing == null;
            announcedRing = cpg.ring().get();
            MAIN.info("Completed service synchronization, ready to provide service.");
            if (first) {
                // The start-up figure of docs/corrald.md: process start to the first synchronized ring.
                sinceProcessStartMs().ifPresent(ms -> MAIN.info("first ring synchronized {} ms after the process started", ms));
            }
        }
    }

    private static void log(Logger logger, TotemEvent.Level level, String text) {
        switch (level) {
            case DEBUG -> logger.debug(text);
            case INFO, NOTICE -> logger.info(text);
            case WARNING -> logger.warn(text);
            case ERROR -> logger.error(text);
        }
    }

    // ---- views for cmap and cfg (loop thread) ------------------------------------------------

    private Map<String, String> totemKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        String prefix = "runtime.totem.pg.mrp.srp.";
        totem.counters().forEach((name, value) -> keys.put(prefix + name, Long.toString(value)));
        keys.put(prefix + "ring_id", totem.processor().ringId().representative().value() + "."
                + totem.processor().ringId().seq());
        memberStatus.forEach((id, status) -> {
            String member = prefix + "members." + id + ".";
            keys.put(member + "ip", "r(0) ip(" + config.nodeAddresses().getOrDefault(id, "?") + ") ");
            keys.put(member + "join_count", Long.toString(joinCounts.getOrDefault(id, 1L)));
            keys.put(member + "status", status);
        });
        return keys;
    }

    private Map<String, String> cpgKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        cpg.counters().forEach((name, value) -> keys.put("runtime.services.cpg." + name, Long.toString(value)));
        return keys;
    }

    DaemonConfig config() {
        return config;
    }

    NodeEngine totem() {
        return totem;
    }

    /** The node count of the last regular configuration (read from any thread). */
    public int ringMembers() {
        return ringMembers;
    }

    public Throwable failure() {
        return shell.failure();
    }

    /** Leaves the ring (the others see a clean leave, not a failure), then closes everything. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (totem == null) {
                throw new IllegalStateException("never started");
            }
            shell.leave().get(2, TimeUnit.SECONDS);
            Thread.sleep(50);
        } catch (Exception e) {
            // leaving is a courtesy; the others time us out otherwise
        }
        if (server != null) {
            server.close();
        }
        shell.close();
    }

    List<String> ringStatus() {
        List<String> lines = new ArrayList<>(totem.rrp().statusLines());
        return lines;
    }

    /**
     * Milliseconds since the kernel started this process: /proc/uptime against the start time in
     * /proc/self/stat (clock ticks of 1/100 s). ProcessHandle's start instant is rounded to the
     * second and read up to a second high.
     */
    static java.util.OptionalLong sinceProcessStartMs() {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(fields[19]);
            String uptime = java.nio.file.Files.readString(Path.of("/proc/uptime"));
            double upSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return java.util.OptionalLong.of(Math.max(0, Math.round(upSeconds * 1000 - startTicks * 10)));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
