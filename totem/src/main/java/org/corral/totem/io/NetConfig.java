package org.corral.totem.io;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.corral.totem.core.NodeId;

/**
 * Where one node's rings live on the network: per ring the address this node binds (what its
 * clusternode name, or altname, resolves to), the port (5405; the unicast socket of udp/udpb uses
 * port - 1 as corosync's did) and the multicast group or broadcast address; and every configured
 * node's address per ring (udpu sends to each; tokens go to the next node's address).
 */
public record NetConfig(NodeId self, Transport transport, List<Ring> rings, Map<NodeId, List<InetAddress>> nodes, int netMtu) {

    /** corosync's default mcastport. */
    public static final int PORT_DEFAULT = 5405;
    public static final int NODES_MAX = NodeId.VALUE_MAX;

    /** {@code group}: the multicast group (udp), the broadcast address (udpb), or null (udpu). */
    public record Ring(InetAddress bind, int port, InetAddress group) {
        public Ring {
            if (bind == null || !(bind instanceof Inet4Address)) {
                throw new IllegalArgumentException("each ring needs an IPv4 bind address");
            }
            if (port < 2 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " outside 2..65535");
            }
        }
    }

    public NetConfig {
        if (self == null || transport == null || rings == null || nodes == null) {
            throw new IllegalArgumentException("net config fields must not be null");
        }
        if (rings.isEmpty() || rings.size() > 2) {
            throw new IllegalArgumentException("Configuration of more than 2 rings is not supported");
        }
        if (nodes.size() > NODES_MAX || !nodes.containsKey(self)) {
            throw new IllegalArgumentException("Cannot find node " + self + " among the configured nodes");
        }
        for (Map.Entry<NodeId, List<InetAddress>> node : nodes.entrySet()) {
            if (node.getValue().size() != rings.size()) {
                throw new IllegalArgumentException("node " + node.getKey() + " has " + node.getValue().size()
                        + " addresses for " + rings.size() + " rings");
            }
        }
        for (Ring ring : rings) {
            if (transport != Transport.UDPU && ring.group() == null) {
                throw new IllegalArgumentException("transport " + transport.configName() + " needs a group address per ring");
            }
            if (transport == Transport.UDP && !ring.group().isMulticastAddress()) {
                throw new IllegalArgumentException(ring.group().getHostAddress() + " is not a multicast address");
            }
        }
        if (netMtu < 576 || netMtu > 65535) {
            throw new IllegalArgumentException("netmtu " + netMtu + " outside 576..65535");
        }
        rings = List.copyOf(rings);
        TreeMap<NodeId, List<InetAddress>> sorted = new TreeMap<>();
        nodes.forEach((id, addresses) -> sorted.put(id, List.copyOf(addresses)));
        nodes = java.util.Collections.unmodifiableMap(sorted);
    }

    /** cman's default multicast group for a cluster id: 239.192.(id >> 8).(id % 255) (reference/rhcs.md 1.4). */
    public static String cmanMulticastGroup(int clusterId) {
        if (clusterId < 0 || clusterId > 0xFFFF) {
            throw new IllegalArgumentException("cluster id " + clusterId + " outside 0..65535");
        }
        return "239.192." + (clusterId >> 8) + "." + (clusterId % 0xFF);
    }

    /** cman's cluster id from the name: v = (v << 1) + c per character, keep 16 bits. */
    public static int cmanClusterId(String clusterName) {
        int value = 0;
        for (char c : clusterName.toCharArray()) {
            value = (value << 1) + c;
        }
        return value & 0xFFFF;
    }
}
