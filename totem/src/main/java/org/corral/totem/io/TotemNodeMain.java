package org.corral.totem.io;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemProcessor;
import org.corral.totem.crypto.PacketSealer;
import org.corral.totem.crypto.TotemKey;
import org.corral.totem.rrp.RrpConfig;
import org.corral.totem.rrp.RrpCore;
import org.corral.totem.rrp.RrpMode;

/**
 * A small totem node for process tests and benchmarks: one real process, one shell, real UDP.
 * Everything it knows comes from the command line; it prints one line per event on stdout
 * (READY, CONFIG, DELIVER, LOG) and reads commands on stdin (send TEXT, status, reset-rings,
 * counters, leave, quit). End of stdin leaves the ring and exits (with --on-eof stay it runs on
 * until a signal ends it).
 *
 * <pre>
 * totem-node --node-id 1 --nodes 1=127.0.0.1,2=127.0.0.2[/ring1addr] [--transport udpu|udp|udpb]
 *   [--port 5405] [--port1 P] [--mcast G] [--mcast1 G] [--cluster-name NAME] [--key-file F]
 *   [--secauth on|off] [--profile cman|corosync|fast] [--token MS] [--consensus MS]
 *   [--rrp-mode none|active|passive] [--state-dir DIR] [--netmtu 1500] [--on-eof leave|stay]
 * </pre>
 * Exit codes: 0 after quit/leave/end of input, 1 for bad arguments or a refused key, 2 when the
 * sockets cannot be bound or the engine stops on a broken invariant.
 */
public final class TotemNodeMain {
    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

    private TotemNodeMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("totem-node: " + e.getMessage());
            return 1;
        }
        TotemShell shell = null;
        try {
            Setup setup = Setup.of(options);
            shell = new TotemShell(setup.net, options.stateDir, TotemNodeMain::printEvent);
            long persisted = shell.readPersistedRingSeq();
            long seed = options.nodeId * 1_000_003L ^ System.nanoTime();
            TotemShell started = shell;
            shell.start(sink -> {
                NodeEngine engine = new NodeEngine(setup.totem.self(),
                        new TotemProcessor(setup.totem, persisted, new SplittableRandom(seed)),
                        new RrpCore(setup.rrp, setup.totem.self(), 0), setup.sealer, sink);
                engine.actOnUnreachableHints(options.profile().equals("fast"));
                return engine;
            });
            print("READY node=" + options.nodeId + " transport=" + setup.net.transport().configName()
                    + " epoll=" + started.usesEpoll() + " secauth=" + (setup.sealer.secauthOn() ? "on" : "off")
                    + " rrp_mode=" + setup.rrp.mode().configName() + " token=" + setup.totem.tokenTimeoutMs()
                    + " consensus=" + setup.totem.consensusTimeoutMs() + " seed=" + seed + " pid=" + ProcessHandle.current().pid());
            return commands(shell, options.stayAtEof());
        } catch (IllegalArgumentException e) {
            System.err.println("totem-node: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            System.err.println("totem-node: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } finally {
            if (shell != null) {
                shell.close();
            }
        }
    }

    private static int commands(TotemShell shell, boolean stayAtEof) throws InterruptedException {
        boolean quit = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while (!quit && (line = in.readLine()) != null) {
                if (shell.failure() != null) {
                    return 2;
                }
                String command = line.strip();
                if (command.startsWith("send ")) {
                    SubmitResult result = shell.submit(command.substring(5).getBytes(StandardCharsets.UTF_8)).join();
                    print("SUBMIT " + result);
                } else if (command.equals("status")) {
                    List<String> status = shell.ringStatus().join();
                    for (int ring = 0; ring < status.size(); ring++) {
                        print("STATUS ring=" + ring + " " + status.get(ring));
                    }
                } else if (command.equals("reset-rings")) {
                    shell.resetRings().join();
                    print("RESET done");
                } else if (command.equals("counters")) {
                    shell.counters().join().forEach((name, value) -> print("COUNTER " + name + "=" + value));
                } else if (command.equals("leave") || command.equals("quit")) {
                    quit = true;
                } else if (!command.isEmpty()) {
                    print("ERROR unknown command '" + command + "'");
                }
            }
        } catch (java.io.IOException e) {
            // stdin closed under us: as at end of input.
        }
        if (stayAtEof && !quit) {
            // Benchmarks run the node with stdin at /dev/null; it runs until a signal ends it.
            new java.util.concurrent.CountDownLatch(1).await();
        }
        shell.leave().join();
        Thread.sleep(50);
        return shell.failure() == null ? 0 : 2;
    }

    private static void printEvent(TotemEvent event) {
        if (event instanceof TotemEvent.ConfigurationChange change) {
            print("CONFIG type=" + change.type() + " ring=" + change.ring() + " members=" + ids(change.members())
                    + " left=" + ids(change.left()) + " joined=" + ids(change.joined()) + " t=" + System.currentTimeMillis());
        } else if (event instanceof TotemEvent.Delivered delivered) {
            String text = new String(delivered.payload(), StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}]", "?");
            print("DELIVER origin=" + delivered.origin() + " ring=" + delivered.ring() + " text=" + text);
        } else if (event instanceof TotemEvent.Log log) {
            print("LOG " + log.level() + " [TOTEM ] " + log.text() + " t=" + System.currentTimeMillis());
            if (log.text().startsWith(TotemShell.STOPPED_PREFIX)) {
                // A broken invariant stopped the engine: a node that cannot run must not linger.
                System.err.println("totem-node: " + log.text());
                Thread exit = new Thread(() -> System.exit(2), "totem-node-exit");
                exit.start();
            }
        }
    }

    private static String ids(List<NodeId> nodes) {
        return nodes.stream().map(NodeId::toString).collect(Collectors.joining(","));
    }

    private static synchronized void print(String line) {
        OUT.println(line);
    }

    /** The parsed command line. */
    record Options(int nodeId, String nodes, Transport transport, int port, int port1, String mcast, String mcast1,
                   String clusterName, Path keyFile, boolean secauth, String profile, long token, long consensus,
                   RrpMode rrpMode, Path stateDir, int netMtu, boolean stayAtEof) {

        static Options parse(String[] args) {
            Map<String, String> values = new TreeMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got '" + name + "'");
                }
                if (!KNOWN.contains(name.substring(2))) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
                values.put(name.substring(2), args[++i]);
            }
            if (!values.containsKey("node-id") || !values.containsKey("nodes")) {
                throw new IllegalArgumentException("--node-id and --nodes are required");
            }
            String secauth = values.getOrDefault("secauth", "on");
            if (!secauth.equals("on") && !secauth.equals("off")) {
                throw new IllegalArgumentException("--secauth must be on or off");
            }
            String profile = values.getOrDefault("profile", "cman");
            if (!List.of("cman", "corosync", "fast").contains(profile)) {
                throw new IllegalArgumentException("--profile must be cman, corosync or fast");
            }
            Transport transport = Transport.parse(values.getOrDefault("transport", "udpu"));
            int port = number(values, "port", NetConfig.PORT_DEFAULT);
            int port1 = number(values, "port1", transport == Transport.UDPB ? port + 2 : port);
            return new Options(number(values, "node-id", 0), values.get("nodes"), transport, port, port1,
                    values.get("mcast"), values.get("mcast1"), values.get("cluster-name"),
                    values.containsKey("key-file") ? Path.of(values.get("key-file")) : null, secauth.equals("on"),
                    profile, number(values, "token", -1), number(values, "consensus", -1),
                    values.containsKey("rrp-mode") ? RrpMode.parse(values.get("rrp-mode")) : null,
                    Path.of(values.getOrDefault("state-dir", "/var/lib/corosync")), number(values, "netmtu", 1500),
                    eof(values.getOrDefault("on-eof", "leave")));
        }

        private static boolean eof(String text) {
            if (!text.equals("leave") && !text.equals("stay")) {
                throw new IllegalArgumentException("--on-eof must be leave or stay");
            }
            return text.equals("stay");
        }

        private static final List<String> KNOWN = List.of("node-id", "nodes", "transport", "port", "port1", "mcast",
                "mcast1", "cluster-name", "key-file", "secauth", "profile", "token", "consensus", "rrp-mode",
                "state-dir", "netmtu", "on-eof");

        private static int number(Map<String, String> values, String name, int fallback) {
            String text = values.get(name);
            if (text == null) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text);
                if (value < 0) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " '" + text + "' is not a non-negative number");
            }
        }
    }

    /** Everything built from the options: network, protocol tuning, RRP, sealer. */
    record Setup(NetConfig net, TotemConfig totem, RrpConfig rrp, PacketSealer sealer) {
        static Setup of(Options o) {
            if (!Files.isDirectory(o.stateDir())) {
                throw new IllegalArgumentException("state directory " + o.stateDir() + " does not exist");
            }
            NodeId self = NodeId.of(checkedNode(o.nodeId()));
            TreeMap<NodeId, List<InetAddress>> nodes = parseNodes(o.nodes());
            int rings = nodes.get(self) == null ? 1 : nodes.get(self).size();
            List<NetConfig.Ring> ringList = new ArrayList<>();
            int clusterId = o.clusterName() == null ? 0 : NetConfig.cmanClusterId(o.clusterName());
            for (int ring = 0; ring < rings; ring++) {
                InetAddress bind = nodes.containsKey(self) ? nodes.get(self).get(ring) : null;
                int port = ring == 0 ? o.port() : o.port1();
                ringList.add(new NetConfig.Ring(bind, port, group(o, ring, bind, clusterId)));
            }
            NetConfig net = new NetConfig(self, o.transport(), ringList, nodes, o.netMtu());
            TotemConfig totem = totemConfig(o, self, nodes.size());
            RrpMode mode = o.rrpMode() != null ? o.rrpMode() : (rings > 1 ? RrpMode.PASSIVE : RrpMode.NONE);
            List<String> names = ringList.stream().map(r -> r.bind().getHostAddress()).toList();
            RrpConfig rrp = o.profile().equals("cman") ? RrpConfig.cman(mode, names, totem.tokenRetransmitTimeoutMs())
                    : RrpConfig.defaults(mode, names, totem.tokenRetransmitTimeoutMs());
            PacketSealer sealer;
            if (!o.secauth()) {
                sealer = PacketSealer.plain(self, rings);
            } else {
                TotemKey key = o.keyFile() != null ? TotemKey.fromFile(o.keyFile())
                        : o.clusterName() != null ? TotemKey.fromClusterName(o.clusterName()) : null;
                if (key == null) {
                    throw new IllegalArgumentException("secauth is on: give --key-file or --cluster-name (or --secauth off)");
                }
                sealer = PacketSealer.secauth(self, key, rings, System.currentTimeMillis() * 1024);
            }
            return new Setup(net, totem, rrp, sealer);
        }

        private static int checkedNode(int value) {
            if (value < 1 || value > NodeId.VALUE_MAX) {
                throw new IllegalArgumentException("node id " + value + " outside 1.." + NodeId.VALUE_MAX);
            }
            return value;
        }

        private static InetAddress group(Options o, int ring, InetAddress bind, int clusterId) {
            try {
                return switch (o.transport()) {
                    case UDPU -> null;
                    case UDPB -> TotemShell.broadcastFor(bind);
                    case UDP -> {
                        String given = ring == 0 ? o.mcast() : o.mcast1();
                        if (given == null && o.clusterName() == null) {
                            throw new IllegalArgumentException("udp needs --mcast or --cluster-name for ring " + ring);
                        }
                        yield InetAddress.getByName(given != null ? given : NetConfig.cmanMulticastGroup((clusterId + ring) & 0xFFFF));
                    }
                };
            } catch (java.net.SocketException | UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve the group of ring " + ring + ": " + e.getMessage());
            }
        }

        static TreeMap<NodeId, List<InetAddress>> parseNodes(String text) {
            TreeMap<NodeId, List<InetAddress>> nodes = new TreeMap<>();
            for (String item : text.split(",")) {
                String[] parts = item.split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--nodes entry '" + item + "' is not id=address[/address]");
                }
                int id;
                try {
                    id = Integer.parseInt(parts[0].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--nodes entry '" + item + "' has no numeric node id");
                }
                List<InetAddress> addresses = new ArrayList<>();
                for (String name : parts[1].split("/")) {
                    try {
                        addresses.add(InetAddress.getByName(name.strip()));
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException("node name " + name + " does not resolve");
                    }
                }
                if (nodes.put(NodeId.of(checkedNode(id)), addresses) != null) {
                    throw new IllegalArgumentException("node id " + id + " appears twice in --nodes");
                }
            }
            return nodes;
        }

        static TotemConfig totemConfig(Options o, NodeId self, int nodeCount) {
            long token = o.token() > 0 ? o.token() : o.profile().equals("cman") ? 10000 : 1000;
            long consensus;
            int join;
            switch (o.profile()) {
                case "cman" -> {
                    join = 60;
                    consensus = nodeCount > 2 ? token + 2000 : Math.min(2000, Math.max(200, token / 5));
                }
                case "fast" -> {
                    join = 50;
                    consensus = 200;
                }
                default -> {
                    join = 50;
                    consensus = (long) (token * 1.2);
                }
            }
            if (o.consensus() > 0) {
                consensus = o.consensus();
            }
            if (token < 30 || consensus < join) {
                throw new IllegalArgumentException("token must be >= 30 ms and consensus >= join (" + join + " ms)");
            }
            TotemConfig base = TotemConfig.derived(self, token, 4, join, consensus);
            return new TotemConfig(base.self(), base.tokenTimeoutMs(), base.tokenRetransmitTimeoutMs(),
                    base.tokenRetransmitsBeforeLoss(), base.tokenHoldTimeoutMs(), base.joinTimeoutMs(),
                    base.consensusTimeoutMs(), base.mergeTimeoutMs(), base.downcheckTimeoutMs(), base.failRecvConst(),
                    base.seqnoUnchangedConst(), base.missCountConst(), base.windowSize(), base.maxMessages(),
                    o.netMtu(), base.submitQueueMax(), base.payloadBytesMax(), base.safeDelivery());
        }
    }
}
