package org.corral.conf.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.corral.conf.core.ClusterConf.ClusterNode;
import org.corral.conf.core.EffectiveConfig.ClusterIdSource;
import org.corral.conf.core.EffectiveConfig.FenceDaemon;
import org.corral.conf.core.EffectiveConfig.Key;
import org.corral.conf.core.EffectiveConfig.Node;
import org.corral.conf.core.EffectiveConfig.Ring;
import org.corral.conf.core.EffectiveConfig.Totem;
import org.corral.conf.core.EffectiveConfig.Transport;
import org.corral.conf.core.EffectiveConfig.Votequorum;

/**
 * Fills in what cluster.conf leaves out, exactly as cman 3 (cman-preconfig.c add_cman_overrides) and
 * corosync 1.4 (totemconfig.c) did. A pure function of the model and the local node's name.
 */
public final class Defaults {
    /** cman.h DEFAULT_TOKEN_TIMEOUT. */
    public static final long TOKEN_MS = 10_000;
    /** Raised from corosync's 50 by cman (bz#214290). */
    public static final long JOIN_MS = 60;
    /** Set explicitly by cman (bz#587078). */
    public static final long FAIL_RECV_CONST = 2500;
    public static final long TOKEN_RETRANSMITS_BEFORE_LOSS_CONST = 4;
    /** corosync's HZ: hold subtracts one tick of 1000/HZ ms. */
    private static final long TICK_MS = 10;

    private Defaults() {
    }

    public static EffectiveConfig effective(ClusterConf conf, Optional<String> localNodeName) {
        Section cman = conf.cman();
        String name = conf.name();
        ClusterIdSource source;
        int clusterId;
        if (cman.number("cluster_id").isPresent()) {
            source = ClusterIdSource.CONFIGURED;
            clusterId = (int) (cman.number("cluster_id").getAsLong() & 0xFFFF);
        } else if (cman.flag("hash_cluster_id", true)) {
            // RHEL 6 shipped cman with the FNV hash as the default (cman_use_hash_cluster_id_by_default);
            // the tutorial's an-clusterA -> 29382 and RHEL 6.6's cluster66 -> 22265 are both FNV ids.
            source = ClusterIdSource.FNV_HASHED;
            clusterId = ClusterIds.fnvHashed(name);
        } else {
            source = ClusterIdSource.GENERATED;
            clusterId = ClusterIds.generated(name);
        }
        Transport transport = transport(cman);
        List<Node> nodes = new ArrayList<>();
        long totalVotes = 0;
        for (ClusterNode node : conf.nodes()) {
            List<String> ringNames = new ArrayList<>();
            ringNames.add(node.name());
            node.altnames().forEach(alt -> ringNames.add(alt.attributes().getOrDefault("name", "")));
            nodes.add(new Node(node.name(), node.nodeId(), node.votes(), ringNames));
            totalVotes += node.votes();
        }
        Optional<Node> local = localNodeName.flatMap(n -> nodes.stream().filter(x -> x.name().equals(n)).findFirst());
        int ringCount = ringCount(conf, local);
        List<Ring> rings = rings(conf, clusterId, transport, ringCount, local);
        boolean twoNode = cman.flag("two_node", false);
        long expected = cman.number("expected_votes").orElse(totalVotes);
        Totem totem = totem(conf.totem(), conf.nodes().size(), ringCount);
        Optional<String> keyFile = cman.get("keyfile").or(() -> conf.totem().get("keyfile"));
        Key key = new Key(keyFile, ClusterIds.nameKey(name));
        Section fenced = conf.fenceDaemon();
        FenceDaemon fenceDaemon = new FenceDaemon(fenced.number("post_join_delay", 6),
                fenced.number("post_fail_delay", 0), fenced.flag("clean_start", false),
                fenced.number("override_time", 3),
                fenced.get("override_path").orElse("/var/run/cluster/fenced_override"),
                fenced.flag("skip_undefined", false));
        return new EffectiveConfig(name, conf.configVersion().orElse(0), clusterId, source, transport, rings,
                twoNode, expected, totalVotes, nodes, local, totem, key, fenceDaemon,
                cman.number("quorum_dev_poll", totem.tokenMs()), cman.number("shutdown_timeout", 5000),
                votequorum(cman), uidgidGroups(conf));
    }

    static Votequorum votequorum(Section cman) {
        return new Votequorum(cman.flag("wait_for_all", false), cman.flag("last_man_standing", false),
                cman.number("last_man_standing_window", Votequorum.LAST_MAN_STANDING_WINDOW_DEFAULT_MS),
                cman.flag("auto_tie_breaker", false),
                cman.get("auto_tie_breaker_node").map(String::trim).orElse("lowest"));
    }

    /** The gid of every {@code <uidgid>} under {@code <cluster>}, in file order. */
    static List<String> uidgidGroups(ClusterConf conf) {
        return uidgidValues(conf, "gid");
    }

    /** One attribute (uid or gid) of every {@code <uidgid>} under {@code <cluster>}, as written, in file order; absent ones left out. */
    public static List<String> uidgidValues(ClusterConf conf, String attribute) {
        List<String> values = new ArrayList<>();
        for (var element : conf.source().children("uidgid")) {
            String value = element.attributes().get(attribute);
            if (value != null) {
                values.add(value.trim());
            }
        }
        return values;
    }

    static Transport transport(Section cman) {
        if (cman.get("broadcast").map("yes"::equals).orElse(false)) {
            return Transport.UDPB;
        }
        return switch (cman.get("transport").orElse("udp").toLowerCase(Locale.ROOT)) {
            case "udpb" -> Transport.UDPB;
            case "udpu" -> Transport.UDPU;
            case "rdma" -> Transport.RDMA;
            default -> Transport.UDP;
        };
    }

    /** Rings in use: 1 + the altnames of the local node, or of the first node when none is named. */
    static int ringCount(ClusterConf conf, Optional<Node> local) {
        if (local.isPresent()) {
            return local.get().ringNames().size();
        }
        return conf.nodes().isEmpty() ? 1 : 1 + conf.nodes().get(0).altnames().size();
    }

    private static List<Ring> rings(ClusterConf conf, int clusterId, Transport transport, int ringCount,
                                    Optional<Node> local) {
        Section cman = conf.cman();
        long port = cman.number("port").orElse(conf.multicast().map(m -> m.number("port", ClusterIds.DEFAULT_PORT))
                .orElse((long) ClusterIds.DEFAULT_PORT));
        int ttl = (int) (long) conf.multicast().map(m -> m.number("ttl", 1)).orElse(1L);
        String address = transport == Transport.UDPB ? "255.255.255.255"
                : conf.multicast().flatMap(m -> m.get("addr")).orElse(defaultMulticast(clusterId, local));
        List<Ring> rings = new ArrayList<>();
        rings.add(new Ring(0, address, (int) port, ttl));
        if (ringCount > 1) {
            Optional<Section> altname = altnameOf(conf, local);
            String altAddress = transport == Transport.UDPB ? "255.255.255.255"
                    : altname.flatMap(a -> a.get("mcast"))
                            .or(() -> conf.altMulticast().flatMap(m -> m.get("addr")))
                            .orElse(address);
            long altPort = conf.altMulticast().map(m -> m.number("port", port)).orElse(port);
            int altTtl = (int) (long) altname.map(a -> a.number("ttl", ttl)).orElse((long) ttl);
            rings.add(new Ring(1, altAddress, (int) altPort, altTtl));
        }
        return rings;
    }

    private static Optional<Section> altnameOf(ClusterConf conf, Optional<Node> local) {
        Optional<ClusterNode> node = local.flatMap(l -> conf.node(l.name()))
                .or(() -> conf.nodes().stream().findFirst());
        return node.flatMap(n -> n.altnames().stream().findFirst());
    }

    private static String defaultMulticast(int clusterId, Optional<Node> local) {
        // cman picked the family from the node name's address; without name resolution (this layer
        // never touches the network) an IPv6 literal node name is the only IPv6 hint we have.
        boolean ipv6 = local.map(n -> n.name().contains(":")).orElse(false);
        return ipv6 ? ClusterIds.defaultMulticastIpv6(clusterId) : ClusterIds.defaultMulticastIpv4(clusterId);
    }

    /** The consensus cman injects: token + 2000 beyond two nodes (or none configured), else 0.2 * token in [200, 2000]. */
    public static long consensusMs(long tokenMs, int configuredNodes) {
        int nodes = configuredNodes == 0 ? 3 : configuredNodes;
        if (nodes > 2) {
            return tokenMs + 2000;
        }
        long consensus = (long) (tokenMs * 0.2f);
        return Math.max(200, Math.min(2000, consensus));
    }

    static Totem totem(Section totem, int configuredNodes, int ringCount) {
        long token = totem.number("token", TOKEN_MS);
        long retransmits = totem.number("token_retransmits_before_loss_const", TOKEN_RETRANSMITS_BEFORE_LOSS_CONST);
        long tokenRetransmit = totem.number("token_retransmit").orElse((long) (token / (retransmits + 0.2)));
        long hold = totem.number("hold").orElse((long) (tokenRetransmit * 0.8 - TICK_MS));
        String rrpMode = totem.get("rrp_mode").orElse(ringCount > 1 ? "active" : "none");
        boolean secauth = totem.get("secauth").map(v -> v.equals("on") || v.equals("1")).orElse(true);
        return new Totem(token, totem.number("join", JOIN_MS),
                totem.number("consensus").orElse(consensusMs(token, configuredNodes)),
                totem.number("fail_recv_const", FAIL_RECV_CONST), retransmits, tokenRetransmit, hold,
                totem.number("merge", 200), totem.number("downcheck", 1000),
                totem.number("seqno_unchanged_const", 30), totem.number("miss_count_const", 5),
                totem.number("max_network_delay", 50), totem.number("window_size", 50),
                totem.number("max_messages", 17), totem.number("netmtu", 1500), rrpMode, secauth,
                totem.number("rrp_problem_count_threshold", ringCount > 1 ? 3 : 10),
                totem.number("rrp_problem_count_timeout", 2000),
                totem.number("rrp_token_expired_timeout", tokenRetransmit));
    }
}
