package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.corral.fence.agents.api.FenceRunner;
import org.corral.fence.agents.sim.ipmi.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our fence_ipmilan against OpenIPMI's ipmi_sim (a BMC nobody here wrote): RMCP+ cipher suites 0-3,
 * IPMI 1.5 with MD5 and straight password; status, off, on, reboot. The chassis is a shell script
 * ipmi_sim calls for power get/set, keeping the state in a file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgainstIpmiSimTest {
    @TempDir
    static Path dir;
    Process ipmiSim;
    int port;

    @BeforeAll
    void startIpmiSim() throws Exception {
        String binary = Peers.require("/usr/bin/ipmi_sim", "openipmi");
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Path power = dir.resolve("power");
        Files.writeString(power, "1\n");
        Path chassis = dir.resolve("chassis.sh");
        Files.writeString(chassis, String.join("\n",
                "#!/bin/sh",
                "# ipmi_sim calls: chassis.sh <mc> get <parm>... | chassis.sh <mc> set <parm> <value>...",
                "state=" + power,
                "op=$2; shift 2",
                "case $op in",
                "  get) for p in \"$@\"; do case $p in power) echo \"power:$(cat $state)\";; *) echo \"$p:0\";; esac; done;;",
                "  set) while [ $# -ge 2 ]; do [ \"$1\" = power ] && echo $2 > $state; shift 2; done;;",
                "esac", ""));
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lanConf = dir.resolve("lan.conf");
        Files.writeString(lanConf, String.join("\n",
                "name \"corral\"",
                "set_working_mc 0x20",
                "  startlan 1",
                "    addr 127.0.0.1 " + port,
                "    priv_limit admin",
                "    allowed_auths_callback none md5 straight",
                "    allowed_auths_user none md5 straight",
                "    allowed_auths_operator none md5 straight",
                "    allowed_auths_admin none md5 straight",
                "    guid a123456789abcdefa123456789abcdef",
                "  endlan",
                "  chassis_control \"" + chassis + " 0x20\"",
                "  user 2 true \"admin\" \"fencepass\" admin 10 none md5 straight", ""));
        Path emu = dir.resolve("emu.cmds");
        Files.writeString(emu, String.join("\n", "mc_setbmc 0x20",
                "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr", "mc_enable 0x20", ""));
        Files.createDirectories(dir.resolve("state"));
        ipmiSim = new ProcessBuilder(binary, "-c", lanConf.toString(), "-f", emu.toString(), "-s",
                dir.resolve("state").toString(), "-n").redirectErrorStream(true)
                .redirectOutput(dir.resolve("ipmi_sim.log").toFile()).start();
        waitUntilAnswering();
    }

    /** ipmi_sim takes a moment to bind; poll status (bounded) instead of sleeping blindly. */
    private void waitUntilAnswering() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!ipmiSim.isAlive()) {
                fail("ipmi_sim exited: " + Files.readString(dir.resolve("ipmi_sim.log")));
            }
            if (agent("-P", "-o", "status", "--ipmitool-timeout", "0.2").code() != 1) {
                return;
            }
        }
        fail("ipmi_sim did not answer within 30 s: " + Files.readString(dir.resolve("ipmi_sim.log")));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (ipmiSim != null) {
            ipmiSim.destroy();
            if (!ipmiSim.waitFor(5, TimeUnit.SECONDS)) {
                ipmiSim.destroyForcibly();
            }
        }
    }

    record Result(int code, String out, String err) {
    }

    Result agent(String... extra) {
        List<String> args = new ArrayList<>(List.of("-a", "127.0.0.1", "-u", Integer.toString(port), "-l", "admin",
                "-p", "fencepass", "--power-wait", "0"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FenceRunner(new FenceIpmilan(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), FenceRunner.Timing.SYSTEM).run(args.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void expect(Result result, int code, String out) {
        assertEquals(code, result.code(), result.toString());
        assertEquals(out, result.out(), result.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "2", "3"})
    void lanplusCipherSuites(String suite) {
        expect(agent("-P", "-C", suite, "-o", "off"), 0, "Success: Powered OFF\n");
        expect(agent("-P", "-C", suite, "-o", "status"), 2, "Status: OFF\n");
        expect(agent("-P", "-C", suite, "-o", "on"), 0, "Success: Powered ON\n");
        expect(agent("-P", "-C", suite, "-o", "status"), 0, "Status: ON\n");
    }

    @Test
    void lanplusReboot() {
        expect(agent("-P", "-o", "reboot"), 0, "Success: Rebooted\n");
        expect(agent("-P", "-o", "status"), 0, "Status: ON\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "password"})
    void ipmi15(String auth) {
        expect(agent("-A", auth, "-o", "status"), 0, "Status: ON\n");
        expect(agent("-A", auth, "-o", "off"), 0, "Success: Powered OFF\n");
        expect(agent("-A", auth, "-o", "status"), 2, "Status: OFF\n");
        expect(agent("-A", auth, "-o", "reboot"), 0, "Success: Rebooted\n");
        expect(agent("-A", auth, "-o", "status"), 0, "Status: ON\n");
    }

    @Test
    void suite17IsRejectedByIpmiSimWithAClearError() {
        Result result = agent("-P", "-C", "17", "-o", "status");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("ERROR: Unable to connect/login to fencing device: error in open session:"
                + " invalid authentication algorithm"), result.err());
    }

    @Test
    void wrongPassword() {
        Result result = agent("-P", "-o", "status", "-p", "wrong");
        assertEquals(1, result.code());
        assertTrue(result.err().contains("ERROR: Unable to connect/login to fencing device"), result.err());
    }
}
