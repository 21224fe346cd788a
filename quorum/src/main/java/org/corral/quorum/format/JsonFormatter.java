package org.corral.quorum.format;

import java.time.ZoneId;
import java.util.List;

/**
 * {@code --json} for {@code cman_tool status} and {@code nodes} (beyond RHCS): the same facts as
 * the text, with stable key order, for a machine. Hand-written to keep the formatter JDK-only.
 */
public final class JsonFormatter {
    private JsonFormatter() {}

    public static String status(CmanStatus status) {
        Json json = new Json();
        json.open();
        json.field("version", status.versionMajor() + "." + status.versionMinor() + "." + status.versionPatch());
        json.field("config_version", status.configVersion());
        json.field("cluster_name", status.clusterName());
        json.field("cluster_id", status.clusterId());
        json.field("cluster_generation", status.clusterGeneration());
        json.field("membership_state", CmanStatusFormatter.membershipState(status.membershipState()));
        json.field("nodes", status.nodes());
        json.field("expected_votes", status.expectedVotes());
        if (status.quorumDeviceVotes().isPresent()) {
            json.field("quorum_device_votes", status.quorumDeviceVotes().getAsInt());
        }
        json.field("total_votes", status.totalVotes());
        json.field("node_votes", status.nodeVotes());
        json.field("quorum", status.quorum());
        json.field("quorate", status.quorate());
        json.field("active_subsystems", status.activeSubsystems());
        json.strings("flags", status.flags().stream().map(CmanStatus.Flag::word).toList());
        json.numbers("ports_bound", status.portsBound().stream().map(Integer::longValue).toList());
        if (status.nodeName() != null) {
            json.field("node_name", status.nodeName());
            json.field("node_id", status.nodeId());
        }
        json.strings("multicast_addresses", status.multicastAddresses());
        json.strings("node_addresses", status.nodeAddresses());
        if (status.flags().contains(CmanStatus.Flag.DISALLOWED_NODES)) {
            json.strings("disallowed_nodes", status.disallowedNodes());
        }
        json.close();
        return json.toString() + "\n";
    }

    public static String nodes(List<CmanNode> nodes, ZoneId zone) {
        StringBuilder out = new StringBuilder("{\"nodes\": [");
        List<CmanNode> sorted = nodes.stream().sorted((a, b) -> Long.compare(a.nodeId(), b.nodeId())).toList();
        for (int i = 0; i < sorted.size(); i++) {
            CmanNode node = sorted.get(i);
            Json json = new Json();
            json.open();
            json.field("id", node.nodeId());
            json.field("name", node.name());
            json.field("type", String.valueOf(node.statusChar()));
            json.field("incarnation", node.incarnation());
            if (node.joinedEpochSeconds() != 0 && node.membership() != 0) {
                json.field("joined", CTime.joined(node.joinedEpochSeconds(), zone));
            }
            json.strings("addresses", node.addresses());
            json.field("votes", node.votes());
            json.field("expected_votes", node.expectedVotes());
            json.field("state", node.state().word());
            json.close();
            out.append(i == 0 ? "" : ", ").append(json);
        }
        return out.append("]}\n").toString();
    }

    /** A tiny JSON object writer: keys in call order, strings escaped per RFC 8259. */
    private static final class Json {
        private final StringBuilder out = new StringBuilder(256);
        private boolean first = true;

        void open() {
            out.append('{');
        }

        void close() {
            out.append('}');
        }

        private void key(String key) {
            out.append(first ? "" : ", ");
            first = false;
            quote(key);
            out.append(": ");
        }

        void field(String key, String value) {
            key(key);
            quote(value);
        }

        void field(String key, long value) {
            key(key);
            out.append(value);
        }

        void field(String key, boolean value) {
            key(key);
            out.append(value);
        }

        void strings(String key, List<String> values) {
            key(key);
            out.append('[');
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                quote(values.get(i));
            }
            out.append(']');
        }

        void numbers(String key, List<Long> values) {
            key(key);
            out.append('[');
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(values.get(i));
            }
            out.append(']');
        }

        private void quote(String value) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
