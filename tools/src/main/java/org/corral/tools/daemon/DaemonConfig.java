package org.corral.tools.daemon;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.ClusterIds;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.Flattener;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.tools.ipc.AdminAccess;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.crypto.PacketSealer;
import org.corral.totem.crypto.TotemKey;
import org.corral.totem.io.NetConfig;
import org.corral.totem.io.NetMtu;
import org.corral.totem.io.TotemShell;
import org.corral.totem.io.Transport;
import org.corral.totem.rrp.RrpConfig;
import org.corral.totem.rrp.RrpMode;

/**
 * Everything corrald is built from, read once at start: cluster.conf through the cluster-conf
 * layer, this node's identity (as cman: {@code -n name}, else {@code uname -n}, exactly or without
 * its domain), every clusternode name resolved to its ring addresses, and the totem, RRP and
 * secauth settings mapped from the effective configuration. {@code cman_tool join}'s overrides
 * ({@link Overrides}) are applied to the effective configuration before anything is derived from
 * it, so an overridden cluster name yields the same id, multicast address and key as a
 * cluster.conf with that name would. The {@code <uidgid>} users and groups are resolved to ids
 * here too ({@link AdminAccess#resolve}), so an unknown name stops the start. Any problem is one line, thrown as IllegalArgumentException.
 */
public record DaemonConfig(Path root, Path confFile, String nodeName, EffectiveConfig effective, NetConfig net,
                           TotemConfig totem, RrpConfig rrp, PacketSealer sealer, String keyOrigin, String netMtuOrigin,
                           List<Map.Entry<String, String>> flattened, Map<Integer, String> nodeAddresses,
                           AdminAccess admins, Overrides overrides) {

    public static DaemonConfig load(Path root, Optional<String> nameOption) {
        return load(root, nameOption, Overrides.NONE);
    }

    public static DaemonConfig load(Path root, Optional<String> nameOption, Overrides overrides) {
        Path file = root.resolve("etc/cluster/cluster.conf");
        LoadResult result = ClusterConfLoader.load(file);
        if (result.failure().isPresent()) {
            throw new IllegalArgumentException(result.failure().get().message());
        }
        if (!result.valid()) {
            throw new IllegalArgumentException(file + ": " + result.errors().get(0));
        }
        ClusterConf conf = result.model().orElseThrow();
        String nodeName = nameOption.isPresent() ? nameOption.get() : matchHostName(conf, hostName());
        if (conf.node(nodeName).isEmpty()) {
            throw new IllegalArgumentException("Can't find local node name in cluster.conf ('" + nodeName
                    + "' is not a clusternode; give -n name)");
        }
        EffectiveConfig effective = overrides.applyTo(result.effective(Optional.of(nodeName)).orElseThrow());
        TreeMap<NodeId, List<InetAddress>> nodes = new TreeMap<>();
        Map<String, String> addressByName = new LinkedHashMap<>();
        Map<Integer, String> nodeAddresses = new TreeMap<>();
        NodeId self = null;
        for (EffectiveConfig.Node node : effective.nodes()) {
            if (node.nodeId().isEmpty()) {
                throw new IllegalArgumentException("clusternode " + node.name() + " has no nodeid");
            }
            NodeId id = NodeId.of((int) node.nodeId().getAsLong());
            List<InetAddress> addresses = new ArrayList<>();
            for (String ringName : node.ringNames()) {
                InetAddress address = resolve(ringName);
                addresses.add(address);
                addressByName.put(ringName, address.getHostAddress());
            }
            nodes.put(id, addresses);
            nodeAddresses.put(id.value(), addresses.get(0).getHostAddress());
            if (node.name().equals(nodeName)) {
                self = id;
            }
        }
        if (self == null) {
            throw new IllegalArgumentException("node " + nodeName + " is not in the effective configuration");
        }
        Transport transport = transport(effective.transport());
        List<NetConfig.Ring> rings = new ArrayList<>();
        List<InetAddress> own = nodes.get(self);
        for (int ring = 0; ring < own.size() && ring < effective.rings().size(); ring++) {
            EffectiveConfig.Ring conf1 = effective.rings().get(ring);
            rings.add(new NetConfig.Ring(own.get(ring), conf1.port(), group(transport, conf1, own.get(ring))));
        }
        EffectiveConfig.Totem t = effective.totem();
        NetMtu.Choice mtu = conf.totem().get("netmtu").isPresent()
                ? new NetMtu.Choice((int) t.netMtu(), "netmtu in cluster.conf")
                : NetMtu.auto(rings.stream().map(NetConfig.Ring::bind).toList());
        NetConfig net = new NetConfig(self, transport, rings, nodes, mtu.mtu());
        TotemConfig base = TotemConfig.derived(self, t.tokenMs(), (int) t.tokenRetransmitsBeforeLossConst(), t.joinMs(),
                t.consensusMs());
        TotemConfig totem = new TotemConfig(self, t.tokenMs(), t.tokenRetransmitMs(), (int) t.tokenRetransmitsBeforeLossConst(),
                t.holdMs(), t.joinMs(), Math.max(t.consensusMs(), t.joinMs()), t.mergeMs(), t.downcheckMs(),
                (int) t.failRecvConst(), (int) t.seqnoUnchangedConst(), (int) t.missCountConst(), (int) t.windowSize(),
                (int) Math.min(t.maxMessages(), t.windowSize()), mtu.mtu(), base.submitQueueMax(),
                base.payloadBytesMax(), false);
        List<String> names = rings.stream().map(r -> r.bind().getHostAddress()).toList();
        RrpMode mode = names.size() > 1 ? RrpMode.parse(t.rrpMode().equals("none") ? "passive" : t.rrpMode()) : RrpMode.NONE;
        RrpConfig rrp = RrpConfig.cman(mode, names, totem.tokenRetransmitTimeoutMs());
        PacketSealer sealer;
        String keyOrigin;
        if (!t.secauth()) {
            sealer = PacketSealer.plain(self, rings.size());
            keyOrigin = "none";
        } else {
            TotemKey key = effective.key().keyFile().isPresent()
                    ? TotemKey.fromFile(underRoot(root, effective.key().keyFile().get()))
                    : TotemKey.ofBytes(effective.key().nameKey());
            sealer = PacketSealer.secauth(self, key, rings.size(), System.currentTimeMillis() * 1024);
            keyOrigin = key.origin();
        }
        List<Map.Entry<String, String>> flattened = Flattener.flatten(conf, effective, addressByName);
        AdminAccess admins = AdminAccess.resolve(root, uidgidUsers(conf), effective.uidgidGroups());
        return new DaemonConfig(root, file, nodeName, effective, net, totem, rrp, sealer, keyOrigin, mtu.origin(), flattened,
                nodeAddresses, admins, overrides);
    }

    /** The uid of every {@code <uidgid>} under {@code <cluster>}, as written, in file order. */
    static List<String> uidgidUsers(ClusterConf conf) {
        return org.corral.conf.core.Defaults.uidgidValues(conf, "uid");
    }

    /** An absolute path of cluster.conf (keyfile) taken under the prefix. */
    static Path underRoot(Path root, String path) {
        return path.startsWith("/") ? root.resolve(path.substring(1)) : root.resolve(path);
    }

    private static InetAddress resolve(String name) {
        try {
            InetAddress address = InetAddress.getByName(name);
            if (!(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("node name " + name + " resolves to " + address.getHostAddress()
                        + ", not an IPv4 address");
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unable to resolve node name " + name + " (check /etc/hosts or "
                    + "-Djdk.net.hosts.file)");
        }
    }

    private static Transport transport(EffectiveConfig.Transport transport) {
        return switch (transport) {
            case UDP -> Transport.UDP;
            case UDPB -> Transport.UDPB;
            case UDPU -> Transport.UDPU;
            case RDMA -> throw new IllegalArgumentException("transport rdma is not supported by corrald");
        };
    }

    private static InetAddress group(Transport transport, EffectiveConfig.Ring ring, InetAddress bind) {
        try {
            return switch (transport) {
                case UDPU -> null;
                case UDPB -> TotemShell.broadcastFor(bind);
                case UDP -> InetAddress.getByName(ring.multicastAddress());
            };
        } catch (SocketException | UnknownHostException e) {
            throw new IllegalArgumentException("cannot find the group address of ring " + ring.number() + ": " + e.getMessage());
        }
    }

    /** This host's name as uname -n gives it. */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }

    /** cman's match of the host name: exactly, then both sides without the domain. */
    static String matchHostName(ClusterConf conf, String host) {
        if (conf.node(host).isPresent()) {
            return host;
        }
        String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        return conf.nodes().stream().map(ClusterConf.ClusterNode::name)
                .filter(n -> (n.contains(".") ? n.substring(0, n.indexOf('.')) : n).equals(shortName)).findFirst()
                .orElse(host);
    }

    /**
     * What {@code cman_tool join -c -m -p -N -k -e -v} override in cluster.conf for this node (cman
     * took them from CMAN_CLUSTER_NAME, CMAN_MCAST_ADDR, CMAN_IP_PORT, CMAN_NODEID, CMAN_KEYFILE,
     * CMAN_EXPECTEDVOTES and CMAN_VOTES). Values are checked when the record is made.
     */
    public record Overrides(Optional<String> clusterName, Optional<String> multicastAddress, OptionalInt port,
                            OptionalInt nodeId, Optional<String> keyFile, OptionalInt votes, OptionalInt expectedVotes) {
        public static final int NODE_ID_MAX = 4096;
        public static final int VOTES_MAX = 255;
        public static final int PORT_MAX = 65535;
        public static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());

        public Overrides {
            clusterName.ifPresent(name -> {
                if (name.isEmpty() || name.length() > ClusterIds.CLUSTER_NAME_LENGTH_MAX) {
                    throw new IllegalArgumentException("Invalid cluster name. It must be "
                            + ClusterIds.CLUSTER_NAME_LENGTH_MAX + " characters or fewer");
                }
            });
            multicastAddress.ifPresent(Overrides::checkIpv4);
            port.ifPresent(p -> check(p >= 1 && p <= PORT_MAX, "Port must be a number between 1 and " + PORT_MAX));
            nodeId.ifPresent(id -> check(id >= 1 && id <= NODE_ID_MAX, "Node id must be between 1 and " + NODE_ID_MAX));
            keyFile.ifPresent(k -> check(!k.isEmpty(), "the key file name is empty"));
            votes.ifPresent(v -> check(v >= 0 && v <= VOTES_MAX, "votes " + v + " outside 0.." + VOTES_MAX));
            expectedVotes.ifPresent(e -> check(e >= 1, "expected votes " + e + " must be at least 1"));
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        /** A dotted IPv4 literal: never a name, so no resolver is asked at start-up. */
        private static void checkIpv4(String address) {
            String[] parts = address.split("\\.", -1);
            boolean ok = parts.length == 4;
            for (int i = 0; ok && i < 4; i++) {
                ok = parts[i].matches("[0-9]{1,3}") && Integer.parseInt(parts[i]) <= 255;
            }
            check(ok, "Multicast address '" + address + "' is not an IPv4 address");
        }

        /**
         * The effective configuration with these overrides in force. A reload of cluster.conf
         * keeps them by passing its new effective configuration through here too.
         */
        public EffectiveConfig applyTo(EffectiveConfig e) {
            String name = clusterName.orElse(e.clusterName());
            int clusterId = e.clusterId();
            if (clusterName.isPresent() && e.clusterIdSource() != EffectiveConfig.ClusterIdSource.CONFIGURED) {
                clusterId = e.clusterIdSource() == EffectiveConfig.ClusterIdSource.FNV_HASHED
                        ? ClusterIds.fnvHashed(name) : ClusterIds.generated(name);
            }
            List<EffectiveConfig.Ring> rings = rings(e, clusterId);
            EffectiveConfig.Node local = e.localNode().orElseThrow();
            EffectiveConfig.Node newLocal = new EffectiveConfig.Node(local.name(),
                    nodeId.isPresent() ? java.util.OptionalLong.of(nodeId.getAsInt()) : local.nodeId(),
                    votes.isPresent() ? votes.getAsInt() : local.votes(), local.ringNames());
            List<EffectiveConfig.Node> nodes = new ArrayList<>();
            long totalVotes = 0;
            for (EffectiveConfig.Node node : e.nodes()) {
                EffectiveConfig.Node kept = node.name().equals(local.name()) ? newLocal : node;
                if (nodeId.isPresent() && kept != newLocal && kept.nodeId().equals(newLocal.nodeId())) {
                    throw new IllegalArgumentException("Node id " + nodeId.getAsInt() + " is already used by "
                            + node.name() + " in cluster.conf");
                }
                nodes.add(kept);
                totalVotes += kept.votes();
            }
            long expected = expectedVotes.isPresent() ? expectedVotes.getAsInt() : e.expectedVotes();
            EffectiveConfig.Key key = new EffectiveConfig.Key(keyFile.or(() -> e.key().keyFile()),
                    clusterName.isPresent() ? ClusterIds.nameKey(name) : e.key().nameKey());
            return new EffectiveConfig(name, e.configVersion(), clusterId, e.clusterIdSource(), e.transport(), rings,
                    e.twoNode(), expected, totalVotes, nodes, Optional.of(newLocal), e.totem(), key, e.fenceDaemon(),
                    e.quorumDevPollMs(), e.shutdownTimeoutMs(), e.votequorum(), e.uidgidGroups());
        }

        /**
         * Ring 0 takes -m and -p; ring 1 follows ring 0 where it only inherited ring 0's values, as
         * cman's altname defaults did. A default multicast address follows a changed cluster id.
         */
        private List<EffectiveConfig.Ring> rings(EffectiveConfig e, int clusterId) {
            List<EffectiveConfig.Ring> rings = new ArrayList<>();
            EffectiveConfig.Ring first = e.rings().get(0);
            String oldDefault = ClusterIds.defaultMulticastIpv4(e.clusterId());
            String address = multicastAddress.orElse(first.multicastAddress().equals(oldDefault)
                    ? ClusterIds.defaultMulticastIpv4(clusterId) : first.multicastAddress());
            if (e.transport() == EffectiveConfig.Transport.UDPB) {
                address = first.multicastAddress(); // broadcast wins over -m, as in cman's preconfig
            }
            int ringPort = port.orElse(first.port());
            for (EffectiveConfig.Ring ring : e.rings()) {
                if (ring.number() == 0) {
                    rings.add(new EffectiveConfig.Ring(0, address, ringPort, ring.ttl()));
                } else {
                    rings.add(new EffectiveConfig.Ring(ring.number(),
                            ring.multicastAddress().equals(first.multicastAddress()) ? address : ring.multicastAddress(),
                            ring.port() == first.port() ? ringPort : ring.port(), ring.ttl()));
                }
            }
            return rings;
        }
    }
}
