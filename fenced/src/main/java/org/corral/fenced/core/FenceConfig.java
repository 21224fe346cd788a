package org.corral.fenced.core;

import java.util.List;
import java.util.Optional;

/**
 * What the fence domain needs from cluster.conf, already resolved: every node with its methods and
 * unfence devices (each device use carries its agent and both attribute lists in document order),
 * and the fence_daemon settings. Built by {@code org.corral.fenced.config.FenceConfigMapper}; the
 * core never parses XML.
 *
 * @param agentTimeoutMs how long one agent run may take before the runner kills it (RHCS had no
 *                       limit; a hung agent then stalled fenced forever, so we put one on it)
 */
public record FenceConfig(List<NodeConfig> nodes, DaemonSettings daemon, long agentTimeoutMs) {
    /** libfence reads at most 8 methods per node and 8 devices per method. */
    public static final int METHODS_MAX = 8;
    public static final int DEVICES_MAX = 8;
    public static final int NODES_MAX = 256;
    public static final int PARAMS_MAX = 64;
    /** Matches libfence's FENCE_AGENT_ARGS_MAX: the whole stdin of one agent run. */
    public static final int ARGS_BYTES_MAX = 4096;
    public static final long AGENT_TIMEOUT_DEFAULT_MS = 120_000;

    public FenceConfig {
        nodes = List.copyOf(nodes);
        Check.argument(nodes.size() <= NODES_MAX, "more than " + NODES_MAX + " nodes");
        Check.argument(agentTimeoutMs > 0, "agent timeout must be positive");
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                Check.argument(!nodes.get(i).name().equals(nodes.get(j).name()), "duplicate node " + nodes.get(i).name());
                Check.argument(nodes.get(i).nodeId() != nodes.get(j).nodeId(), "duplicate nodeid " + nodes.get(i).nodeId());
            }
        }
    }

    public Optional<NodeConfig> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<NodeConfig> node(int nodeId) {
        return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst();
    }

    /** The name of a node id, or "nodeid N" for an id the file does not know. */
    public String nameOf(int nodeId) {
        return node(nodeId).map(NodeConfig::name).orElse("nodeid " + nodeId);
    }

    /**
     * fence_daemon settings in milliseconds. A delay of -1 (cluster.conf's "forever") is kept as
     * {@link #FOREVER}.
     */
    public record DaemonSettings(long postJoinDelayMs, long postFailDelayMs, boolean cleanStart, long overrideTimeMs,
                                 boolean skipUndefined) {
        public static final long FOREVER = -1;

        public DaemonSettings {
            Check.argument(postJoinDelayMs >= 0 || postJoinDelayMs == FOREVER, "post_join_delay below -1");
            Check.argument(postFailDelayMs >= 0 || postFailDelayMs == FOREVER, "post_fail_delay below -1");
            Check.argument(overrideTimeMs >= 0, "override_time negative");
        }

        /** RHCS defaults (fence/fenced/config.h): join 6 s, fail 0 s, override 3 s. */
        public static DaemonSettings defaults() {
            return new DaemonSettings(6_000, 0, false, 3_000, false);
        }
    }

    /** One {@code <clusternode>}: its fence methods in document order and its unfence devices. */
    public record NodeConfig(String name, int nodeId, List<Method> methods, List<DeviceUse> unfence) {
        public NodeConfig {
            methods = List.copyOf(methods);
            unfence = List.copyOf(unfence);
            Check.argument(!name.isEmpty(), "node without a name");
            Check.argument(nodeId > 0, "node " + name + " needs a positive nodeid");
            Check.argument(methods.size() <= METHODS_MAX, "node " + name + " has more than " + METHODS_MAX + " methods");
            Check.argument(unfence.size() <= DEVICES_MAX, "node " + name + " has more than " + DEVICES_MAX
                    + " unfence devices");
        }
    }

    /** {@code <method>}: every device must succeed for the method to succeed. */
    public record Method(String name, List<DeviceUse> devices) {
        public Method {
            devices = List.copyOf(devices);
            Check.argument(devices.size() <= DEVICES_MAX, "method " + name + " has more than " + DEVICES_MAX + " devices");
        }
    }

    /**
     * One {@code <device>} line of a method or of {@code <unfence>}, joined with its
     * {@code <fencedevice>}. An empty agent means the fencedevice is missing ("error config agent").
     *
     * @param useParams    the {@code <device>} attributes except name, in document order
     * @param deviceParams the {@code <fencedevice>} attributes except name, in document order
     *                     (agent= included, where the file put it)
     */
    public record DeviceUse(String deviceName, String agent, List<Param> useParams, List<Param> deviceParams) {
        public DeviceUse {
            useParams = List.copyOf(useParams);
            deviceParams = List.copyOf(deviceParams);
            Check.argument(useParams.size() + deviceParams.size() <= PARAMS_MAX, "device " + deviceName
                    + " has more than " + PARAMS_MAX + " attributes");
        }
    }

    /** One key=value line for the agent's stdin. */
    public record Param(String key, String value) {
        public Param {
            Check.argument(!key.isEmpty(), "empty attribute name");
            Check.argument(key.indexOf('\n') < 0 && value.indexOf('\n') < 0, "newline in attribute " + key);
        }
    }
}
