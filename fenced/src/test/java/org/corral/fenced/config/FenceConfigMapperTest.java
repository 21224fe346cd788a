package org.corral.fenced.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.fenced.core.AgentArgs;
import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceConfig.NodeConfig;
import org.junit.jupiter.api.Test;

class FenceConfigMapperTest {

    static FenceConfig load(String resource) throws Exception {
        Path file = Path.of(FenceConfigMapperTest.class.getResource("/" + resource).toURI());
        LoadResult result = ClusterConfLoader.load(file);
        assertTrue(result.valid(), () -> result.errors().toString());
        return FenceConfigMapper.map(result.model().orElseThrow(), result.effective(Optional.empty()).orElseThrow());
    }

    @Test
    void tutorialConfigurationMapsMethodsDevicesAndDaemonSettings() throws Exception {
        FenceConfig config = load("tutorial-cluster.conf");
        NodeConfig node2 = config.node("an-node02.alteeve.com").orElseThrow();
        assertEquals(2, node2.nodeId());
        assertEquals(List.of("ipmi", "pdu"), node2.methods().stream().map(FenceConfig.Method::name).toList());
        assertEquals(List.of("port=2", "action=reboot", "nodename=an-node02.alteeve.com", "ipaddr=pdu2.alteeve.com",
                "agent=fence_apc", "login=apc", "passwd=secret"),
                AgentArgs.lines(node2.name(), node2.methods().get(1).devices().get(0), Purpose.FENCE).orElseThrow(),
                "agent= keeps its document position among the fencedevice attributes");
        assertEquals(new DaemonSettings(30_000, DaemonSettings.FOREVER, true, 10_000, false), config.daemon());
    }

    @Test
    void missingFencedeviceAndDefaults() {
        String xml = "<?xml version=\"1.0\"?><cluster name=\"c\" config_version=\"1\"><clusternodes>"
                + "<clusternode name=\"a\" nodeid=\"1\"><fence><method name=\"m\"><device name=\"nope\"/></method></fence>"
                + "</clusternode><clusternode name=\"b\" nodeid=\"2\"/></clusternodes></cluster>";
        LoadResult result = ClusterConfLoader.standard().parse("test.conf", xml.getBytes(StandardCharsets.UTF_8));
        FenceConfig config = FenceConfigMapper.map(result.model().orElseThrow(),
                result.effective(Optional.empty()).orElseThrow());
        assertEquals("", config.node("a").orElseThrow().methods().get(0).devices().get(0).agent());
        assertEquals(DaemonSettings.defaults(), config.daemon());
        assertEquals(List.of(), config.node("b").orElseThrow().methods());
    }
}
