package org.corral.fenced.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.ClusterConf.ClusterNode;
import org.corral.conf.core.ClusterConf.FenceDeviceUse;
import org.corral.conf.core.ClusterConf.FenceMethod;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.wire.XmlElement;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.corral.fenced.core.FenceConfig.Method;
import org.corral.fenced.core.FenceConfig.NodeConfig;
import org.corral.fenced.core.FenceConfig.Param;

/**
 * Maps the cluster-conf model to the fence core's own configuration record. The core never sees
 * XML; this is the only place that knows where fenced's settings live in cluster.conf.
 *
 * <p>Like libfence, at most 8 methods per node and 8 devices per method are read; more are ignored
 * (the schema check already warns). The {@code <fencedevice>} attributes are taken from the parsed
 * document so that agent= keeps its place in document order, as ccs listed them for libfence. A
 * node without a nodeid gets a placeholder id above every configured one (fence_node does not need
 * ids; the daemon passes cman's real ids through membership events).
 */
public final class FenceConfigMapper {
    private FenceConfigMapper() {}

    public static FenceConfig map(ClusterConf conf, EffectiveConfig effective) {
        return map(conf, effective, FenceConfig.AGENT_TIMEOUT_DEFAULT_MS);
    }

    public static FenceConfig map(ClusterConf conf, EffectiveConfig effective, long agentTimeoutMs) {
        long maxId = 0;
        for (ClusterNode node : conf.nodes()) {
            maxId = Math.max(maxId, node.nodeId().orElse(0));
        }
        List<NodeConfig> nodes = new ArrayList<>();
        long nextPlaceholder = maxId + 1;
        for (ClusterNode node : conf.nodes()) {
            if (nodes.size() == FenceConfig.NODES_MAX) {
                break;
            }
            long id = node.nodeId().isPresent() && node.nodeId().getAsLong() > 0 ? node.nodeId().getAsLong()
                    : nextPlaceholder++;
            List<Method> methods = new ArrayList<>();
            for (FenceMethod method : node.fenceMethods().subList(0, Math.min(FenceConfig.METHODS_MAX,
                    node.fenceMethods().size()))) {
                methods.add(new Method(method.name(), uses(conf, method.devices())));
            }
            nodes.add(new NodeConfig(node.name(), (int) Math.min(Integer.MAX_VALUE, id), methods, uses(conf,
                    node.unfence())));
        }
        return new FenceConfig(nodes, daemon(effective.fenceDaemon()), agentTimeoutMs);
    }

    static DaemonSettings daemon(EffectiveConfig.FenceDaemon settings) {
        return new DaemonSettings(delayMs(settings.postJoinDelaySeconds()), delayMs(settings.postFailDelaySeconds()),
                settings.cleanStart(), Math.max(0, settings.overrideTimeSeconds()) * 1_000L, settings.skipUndefined());
    }

    private static long delayMs(long seconds) {
        // fenced treats any negative delay as "wait forever".
        return seconds < 0 ? DaemonSettings.FOREVER : seconds * 1_000L;
    }

    private static List<DeviceUse> uses(ClusterConf conf, List<FenceDeviceUse> uses) {
        List<DeviceUse> out = new ArrayList<>();
        for (FenceDeviceUse use : uses.subList(0, Math.min(FenceConfig.DEVICES_MAX, uses.size()))) {
            Optional<Map<String, String>> device = fenceDeviceAttributes(conf, use.name());
            String agent = device.map(attrs -> attrs.getOrDefault("agent", "")).orElse("");
            out.add(new DeviceUse(use.name(), agent, params(use.parameters()),
                    device.map(FenceConfigMapper::params).orElse(List.of())));
        }
        return out;
    }

    /** The fencedevice's attributes in document order (name left out, agent kept in place). */
    static Optional<Map<String, String>> fenceDeviceAttributes(ClusterConf conf, String name) {
        for (XmlElement list : conf.source().children("fencedevices")) {
            for (XmlElement device : list.children("fencedevice")) {
                if (name.equals(device.attributes().get("name"))) {
                    Map<String, String> attrs = new java.util.LinkedHashMap<>(device.attributes());
                    attrs.remove("name");
                    return Optional.of(attrs);
                }
            }
        }
        return Optional.empty();
    }

    private static List<Param> params(Map<String, String> attributes) {
        List<Param> out = new ArrayList<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (e.getKey().equals("name")) {
                continue;
            }
            // A character reference can smuggle a newline into an attribute; on the agent's stdin it
            // would start a new key=value line, so it becomes a space.
            out.add(new Param(e.getKey(), e.getValue().replace('\n', ' ').replace('\r', ' ')));
        }
        return out;
    }
}
