package org.corral.fenced.core;

import static org.corral.fenced.core.Configs.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.junit.jupiter.api.Test;

class AgentArgsTest {

    @Test
    void libfenceOrderDeviceThenNodenameThenFencedeviceThenAction() {
        DeviceUse use = new DeviceUse("pdu2", "fence_apc", List.of(p("port", "2")),
                List.of(p("agent", "fence_apc"), p("ipaddr", "pdu2.alteeve.com"), p("login", "apc"), p("passwd", "secret")));
        assertEquals(List.of("port=2", "nodename=an-node02", "agent=fence_apc", "ipaddr=pdu2.alteeve.com", "login=apc",
                "passwd=secret", "action=reboot"), AgentArgs.lines("an-node02", use, Purpose.FENCE).orElseThrow());
        assertEquals("action=on", AgentArgs.lines("n", use, Purpose.UNFENCE).orElseThrow().get(6));
    }

    @Test
    void configuredActionAndNodenameAreNotRepeated() {
        DeviceUse use = new DeviceUse("d", "fence_x", List.of(p("nodename", "other"), p("action", "off")),
                List.of(p("agent", "fence_x")));
        assertEquals(List.of("nodename=other", "action=off", "agent=fence_x"),
                AgentArgs.lines("victim", use, Purpose.FENCE).orElseThrow());
    }

    @Test
    void argumentsOverLibfencesBufferAreAConfigError() {
        DeviceUse use = new DeviceUse("d", "fence_x", List.of(p("port", "x".repeat(4100))), List.of(p("agent", "fence_x")));
        assertTrue(AgentArgs.lines("victim", use, Purpose.FENCE).isEmpty());
    }

    @Test
    void secretsAreMasked() {
        assertEquals("passwd=[set]", AgentArgs.masked("passwd=secret"));
        assertEquals("password=[set]", AgentArgs.masked("password=hunter2"));
        assertEquals("snmp_priv_passwd=[set]", AgentArgs.masked("snmp_priv_passwd=x"));
        assertEquals("login=root", AgentArgs.masked("login=root"));
        assertEquals("Unable to login with secret as password",
                AgentArgs.scrub("Unable to login with secret as password", List.of("login=secret")));
        assertEquals("Unable to login with [set]", AgentArgs.scrub("Unable to login with hunter2",
                List.of("passwd=hunter2")));
        assertEquals("port=2 passwd=[set] ", AgentArgs.maskedOneLine(List.of("port=2", "passwd=x")));
    }
}
