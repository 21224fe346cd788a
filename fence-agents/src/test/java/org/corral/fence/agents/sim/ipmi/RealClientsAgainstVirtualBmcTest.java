package org.corral.fence.agents.sim.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's ipmitool and fence_ipmilan (real peers) against our virtual BMC over UDP: every power
 * command, the exact outputs and exit codes, the power hooks, and a wrong password refused.
 */
class RealClientsAgainstVirtualBmcTest {
    @TempDir
    Path dir;
    IpmiSimServer server;
    Path hookFile;
    final ByteArrayOutputStream simLog = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        hookFile = dir.resolve("hooks");
        VirtualBmc bmc = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"),
                new TreeSet<>(List.of(0, 1, 2, 3, 17)), HexFormat.of().parseHex("a123456789abcdefa123456789abcdef"),
                true), true, new Random(42));
        server = new IpmiSimServer(bmc, new InetSocketAddress("127.0.0.1", 0),
                new PrintStream(simLog, true, StandardCharsets.UTF_8), "echo off >> " + hookFile,
                "echo on >> " + hookFile, null);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    List<String> ipmitool(String iface, String password, String... command) {
        List<String> argv = new ArrayList<>(List.of(Peers.require("/usr/bin/ipmitool", "ipmitool"), "-I", iface));
        argv.addAll(iface.equals("lanplus") ? List.of("-C", "3") : List.of("-A", "MD5"));
        argv.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(server.port()), "-U", "admin", "-P", password));
        argv.addAll(List.of(command));
        return argv;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lanplus", "lan"})
    void ipmitoolPowerCommands(String iface) throws Exception {
        String[][] steps = {
            {"status", "Chassis Power is on"}, {"off", "Chassis Power Control: Down/Off"},
            {"status", "Chassis Power is off"}, {"on", "Chassis Power Control: Up/On"},
            {"cycle", "Chassis Power Control: Cycle"}, {"reset", "Chassis Power Control: Reset"},
            {"status", "Chassis Power is on"}};
        for (String[] step : steps) {
            Peers.Run run = Peers.run(ipmitool(iface, "fencepass", "chassis", "power", step[0]));
            assertEquals(0, run.code(), iface + " " + step[0] + ": " + run.all() + "\nBMC log:\n" + simLog);
            assertEquals(step[1] + "\n", run.out(), iface + " " + step[0]);
        }
        assertTrue(server.awaitHooks(30_000));
        assertEquals("off\non\noff\non\noff\non\n", Files.readString(hookFile), "hooks of off, on, cycle, reset");
        assertTrue(simLog.toString(StandardCharsets.UTF_8).contains("Chassis Control [00] -> cc 00"), "command log");
    }

    /** Suite 17 (SHA-256) has no other peer here: ipmitool is the independent check of our BMC's. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "2", "3", "17"})
    void ipmitoolEveryCipherSuite(String suite) throws Exception {
        List<String> argv = List.of(Peers.require("/usr/bin/ipmitool", "ipmitool"), "-I", "lanplus", "-C", suite,
                "-H", "127.0.0.1", "-p", Integer.toString(server.port()), "-U", "admin", "-P", "fencepass",
                "chassis", "power", "off");
        Peers.Run run = Peers.run(argv);
        assertEquals(0, run.code(), run.all() + "\nBMC log:\n" + simLog);
        assertEquals("Chassis Power Control: Down/Off\n", run.out());
        assertFalse(server.powerOn());
        assertTrue(simLog.toString(StandardCharsets.UTF_8).contains("cipher suite " + suite), simLog.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lanplus", "lan"})
    void ipmitoolWrongPasswordRefused(String iface) throws Exception {
        Peers.Run run = Peers.run(ipmitool(iface, "not-the-password", "chassis", "power", "off"));
        assertNotEquals(0, run.code(), run.all());
        assertTrue(run.err().contains(iface.equals("lanplus") ? "Unable to establish IPMI v2 / RMCP+ session"
                : "Activate Session error"), run.err());
        assertTrue(server.powerOn(), "nothing happened");
    }

    List<String> fenceIpmilan(String... extra) {
        List<String> argv = new ArrayList<>(List.of(Peers.require("/usr/sbin/fence_ipmilan", "fence-agents"),
                "-a", "127.0.0.1", "-u", Integer.toString(server.port()), "-l", "admin", "-p", "fencepass",
                "--power-wait", "0"));
        argv.addAll(List.of(extra));
        return argv;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-P -C 3", "-P", "-A md5"})
    void debianFenceIpmilanEveryAction(String mode) throws Exception {
        String[] flags = mode.split(" ");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "status"))), 0, "Status: ON\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "off"))), 0, "Success: Powered OFF\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "status"))), 2, "Status: OFF\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "off"))), 0, "Success: Already OFF\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "on"))), 0, "Success: Powered ON\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "reboot"))), 0, "Success: Rebooted\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "monitor"))), 0, "");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "list"))), 0,
                "NOTICE: List option is not working on this device yet\n");
        check(Peers.run(fenceIpmilan(with(flags, "-o", "reboot", "-m", "cycle"))), 0, "Success: Rebooted\n");
        Peers.Run wrong = Peers.run(fenceIpmilan(with(flags, "-o", "off", "-p", "wrong")));
        assertEquals(1, wrong.code(), wrong.all());
        assertTrue(wrong.err().contains("ERROR:"), wrong.err());
        assertTrue(server.powerOn(), "the wrong password switched nothing off");
    }

    @Test
    void debianFenceIpmilanFromStdin() throws Exception {
        String stdin = "action=status\nipaddr=127.0.0.1\nipport=" + server.port()
                + "\nlogin=admin\npasswd=fencepass\nlanplus=1\ncipher=3\nnodename=node1\n";
        check(Peers.run(stdin, List.of(Peers.require("/usr/sbin/fence_ipmilan", "fence-agents"))), 0, "Status: ON\n");
    }

    @Test
    void faultFileSwitchesARunningSimulator() throws Exception {
        server.close();
        Path faultFile = dir.resolve("fault");
        VirtualBmc bmc = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"), new TreeSet<>(List.of(3)),
                new byte[16], true), true, new Random(3));
        server = new IpmiSimServer(bmc, new InetSocketAddress("127.0.0.1", 0),
                new PrintStream(simLog, true, StandardCharsets.UTF_8), null, null, faultFile);
        server.start();
        Files.writeString(faultFile, "refuse\n");
        Peers.Run refused = Peers.run(ipmitool("lanplus", "fencepass", "chassis", "power", "off"));
        assertNotEquals(0, refused.code(), refused.all());
        assertTrue(server.powerOn());
        Files.delete(faultFile);
        Peers.Run obeyed = Peers.run(ipmitool("lanplus", "fencepass", "chassis", "power", "off"));
        assertEquals(0, obeyed.code(), obeyed.all());
        assertFalse(server.powerOn());
        assertTrue(simLog.toString(StandardCharsets.UTF_8).contains("fault set to refuse"), simLog.toString());
    }

    private void check(Peers.Run run, int code, String out) {
        assertEquals(code, run.code(), run.all() + "\nBMC log:\n" + simLog);
        assertEquals(out, run.out(), run.all());
        assertFalse(run.err().contains("Traceback"), run.err());
    }

    private static String[] with(String[] flags, String... more) {
        String[] all = new String[flags.length + more.length];
        System.arraycopy(flags, 0, all, 0, flags.length);
        System.arraycopy(more, 0, all, flags.length, more.length);
        return all;
    }
}
