package org.corral.conf.core;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.EffectiveConfig.Node;
import org.corral.conf.core.EffectiveConfig.Ring;
import org.corral.conf.wire.XmlElement;

/**
 * The flattened key/value view in the order corosync-objctl printed the object database of a cman
 * node (the tutorial's listing): the cluster.conf tree as {@code cluster.<path>.<attribute>=value}
 * in document order, with the keys cman adds to {@code cluster.cman}, then the {@code totem},
 * {@code logging}, {@code aisexec}, {@code service} and {@code quorum} objects cman's preconfig
 * builds. Runtime statistics (runtime.*, libccs.*) belong to the daemon, not here.
 */
public final class Flattener {
    public static final int KEYS_MAX = 100_000;

    private Flattener() {
    }

    /**
     * @param addressByName the address each ring name resolves to (bindnetaddr); a name without an
     *                      entry is printed as itself, since this layer never resolves names
     */
    public static List<Map.Entry<String, String>> flatten(ClusterConf conf, EffectiveConfig effective,
                                                          Map<String, String> addressByName) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        XmlElement root = conf.source();
        Map<String, String> cmanAdded = new LinkedHashMap<>();
        effective.localNode().ifPresent(node -> cmanAdded.put("nodename", node.name()));
        cmanAdded.put("cluster_id", Integer.toString(effective.clusterId()));
        attributes(out, "cluster", root.attributes());
        if (root.child("cman").isEmpty()) {
            attributes(out, "cluster.cman", cmanAdded);
        }
        for (XmlElement child : root.children()) {
            if (child.name().equals("cman")) {
                attributes(out, "cluster.cman", child.attributes());
                attributes(out, "cluster.cman", cmanAdded);
                for (XmlElement grandChild : child.children()) {
                    tree(out, "cluster.cman", grandChild);
                }
            } else {
                tree(out, "cluster", child);
            }
        }
        totem(out, conf, effective, addressByName);
        logging(out, conf);
        put(out, "aisexec.user", "ais");
        put(out, "aisexec.group", "ais");
        put(out, "service.name", "corosync_quorum");
        put(out, "service.ver", "0");
        put(out, "service.name", "corosync_cman");
        put(out, "service.ver", "0");
        put(out, "quorum.provider", "quorum_cman");
        if (!conf.cman().flag("disable_openais", false)) {
            put(out, "service.name", "openais_ckpt");
            put(out, "service.ver", "0");
        }
        return List.copyOf(out);
    }

    /** key=value lines, as corosync-objctl printed them. */
    public static String format(List<Map.Entry<String, String>> entries) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> entry : entries) {
            text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n');
        }
        return text.toString();
    }

    private static void tree(List<Map.Entry<String, String>> out, String prefix, XmlElement element) {
        String path = prefix + "." + element.name();
        attributes(out, path, element.attributes());
        for (XmlElement child : element.children()) {
            tree(out, path, child);
        }
    }

    private static void totem(List<Map.Entry<String, String>> out, ClusterConf conf, EffectiveConfig effective,
                              Map<String, String> addressByName) {
        Section user = conf.totem();
        EffectiveConfig.Totem totem = effective.totem();
        attributes(out, "totem", user.attributes());
        if (!user.present()) {
            put(out, "totem.transport", effective.transport().corosyncName());
        }
        put(out, "totem.version", "2");
        effective.localNode().ifPresent(node -> node.nodeId().ifPresent(id -> put(out, "totem.nodeid", Long.toString(id))));
        put(out, "totem.vsftype", "none");
        putIfUnset(out, user, "token", totem.tokenMs());
        putIfUnset(out, user, "join", totem.joinMs());
        putIfUnset(out, user, "fail_recv_const", totem.failRecvConst());
        putIfUnset(out, user, "consensus", totem.consensusMs());
        if (user.get("rrp_mode").isEmpty()) {
            put(out, "totem.rrp_mode", totem.rrpMode());
        }
        if (effective.rings().size() > 1 && user.get("rrp_problem_count_threshold").isEmpty()) {
            put(out, "totem.rrp_problem_count_threshold", Long.toString(totem.rrpProblemCountThreshold()));
        }
        if (user.get("secauth").isEmpty()) {
            put(out, "totem.secauth", "1");
        }
        Optional<String> cmanKeyFile = conf.cman().get("keyfile");
        if (cmanKeyFile.isPresent()) {
            put(out, "totem.keyfile", cmanKeyFile.get());
        } else if (user.get("keyfile").isEmpty()) {
            put(out, "totem.key", effective.clusterName());
        }
        for (Ring ring : effective.rings()) {
            interfaceKeys(out, conf, effective, ring, addressByName);
        }
    }

    private static void interfaceKeys(List<Map.Entry<String, String>> out, ClusterConf conf, EffectiveConfig effective,
                                      Ring ring, Map<String, String> addressByName) {
        put(out, "totem.interface.ringnumber", Integer.toString(ring.number()));
        Optional<String> ringName = effective.localNode()
                .filter(node -> node.ringNames().size() > ring.number())
                .map(node -> node.ringNames().get(ring.number()));
        ringName.ifPresent(name -> put(out, "totem.interface.bindnetaddr", addressByName.getOrDefault(name, name)));
        switch (effective.transport()) {
            case UDPB -> put(out, "totem.interface.broadcast", "yes");
            case UDPU -> {
                for (Node node : effective.nodes()) {
                    if (node.ringNames().size() > ring.number()) {
                        String name = node.ringNames().get(ring.number());
                        put(out, "totem.interface.member.memberaddr", addressByName.getOrDefault(name, name));
                    }
                }
            }
            default -> put(out, "totem.interface.mcastaddr", ring.multicastAddress());
        }
        put(out, "totem.interface.mcastport", Integer.toString(ring.port()));
        if (ring.ttl() != 1) {
            put(out, "totem.interface.ttl", Integer.toString(ring.ttl()));
        }
    }

    private static void logging(List<Map.Entry<String, String>> out, ClusterConf conf) {
        Map<String, String> logging = new LinkedHashMap<>(conf.logging().attributes());
        logging.putIfAbsent("timestamp", "on");
        logging.putIfAbsent("to_logfile", "yes");
        logging.putIfAbsent("logfile", "/var/log/cluster/corosync.log");
        logging.putIfAbsent("logfile_priority", "info");
        logging.putIfAbsent("to_syslog", "yes");
        logging.putIfAbsent("syslog_facility", "local4");
        logging.putIfAbsent("syslog_priority", "info");
        attributes(out, "logging", logging);
        // cman copies the whole /cluster/logging tree to /logging, logging_daemon children included.
        conf.source().child("logging").ifPresent(element -> element.children().forEach(child -> tree(out, "logging", child)));
    }

    private static void putIfUnset(List<Map.Entry<String, String>> out, Section user, String key, long value) {
        if (user.get(key).isEmpty()) {
            put(out, "totem." + key, Long.toString(value));
        }
    }

    private static void attributes(List<Map.Entry<String, String>> out, String prefix, Map<String, String> attributes) {
        attributes.forEach((key, value) -> put(out, prefix + "." + key, value));
    }

    private static void put(List<Map.Entry<String, String>> out, String key, String value) {
        if (out.size() >= KEYS_MAX) {
            throw new IllegalStateException("more than " + KEYS_MAX + " flattened keys");
        }
        out.add(new SimpleImmutableEntry<>(key, value));
    }
}
