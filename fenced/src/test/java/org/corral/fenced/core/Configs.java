package org.corral.fenced.core;

import java.util.ArrayList;
import java.util.List;

import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.corral.fenced.core.FenceConfig.Method;
import org.corral.fenced.core.FenceConfig.NodeConfig;
import org.corral.fenced.core.FenceConfig.Param;

/** Small builders for fence configurations in tests. */
final class Configs {
    private Configs() {}

    static Param p(String key, String value) {
        return new Param(key, value);
    }

    /** A device use of an ipmi-like fencedevice named {@code device}. */
    static DeviceUse ipmi(String device, String host) {
        return new DeviceUse(device, "fence_ipmilan", List.of(p("action", "reboot")),
                List.of(p("agent", "fence_ipmilan"), p("ipaddr", host), p("login", "root"), p("passwd", "secret")));
    }

    static DeviceUse pdu(String device, int port) {
        return new DeviceUse(device, "fence_apc", List.of(p("port", Integer.toString(port)), p("action", "reboot")),
                List.of(p("agent", "fence_apc"), p("ipaddr", "pdu2"), p("login", "apc"), p("passwd", "secret")));
    }

    /** The tutorial's layout: method ipmi then method pdu, for nodes 1..n named node1..noden. */
    static FenceConfig tutorial(int n, DaemonSettings daemon) {
        List<NodeConfig> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            nodes.add(new NodeConfig("node" + i, i, List.of(new Method("ipmi", List.of(ipmi("ipmi_n" + i, "n" + i + ".ipmi"))),
                    new Method("pdu", List.of(pdu("pdu2", i)))), List.of()));
        }
        return new FenceConfig(nodes, daemon, 60_000);
    }

    static DaemonSettings daemon(long postJoinMs, long postFailMs, boolean cleanStart) {
        return new DaemonSettings(postJoinMs, postFailMs, cleanStart, 3_000, false);
    }
}
