package org.corral.fence.agents.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.corral.fence.agents.sim.apc.ApcFault;
import org.corral.fence.agents.sim.apc.ApcFirmware;
import org.corral.fence.agents.sim.apc.ApcSimConfig;
import org.corral.fence.agents.sim.apc.ApcSimulator;
import org.corral.fence.agents.sim.apc.ApcUser;
import org.corral.fence.agents.sim.apc.OutletId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our fence_apc against our simulator over real sockets: every firmware generation, telnet and ssh, and hostile switches. */
@Timeout(120)
class FenceApcAgainstSimulatorTest {
    private static final OutletId OUTLET_3 = new OutletId(1, 3);

    private static ApcSimulator start(ApcSimConfig config) throws Exception {
        ApcSimulator simulator = new ApcSimulator(config, line -> { });
        simulator.start();
        return simulator;
    }

    /** 12 outlets; paged 5 a screen for v2 device users and MasterSwitch plus (paging costs a pause per page). */
    private static ApcSimConfig config(ApcFirmware firmware, String user) {
        int pageSize = firmware == ApcFirmware.PLUS || firmware == ApcFirmware.V2 && user.equals("dev") ? 5 : 0;
        return ApcSimConfig.defaults(firmware)
                .withUsers(List.of(new ApcUser("apc", "apc", true), new ApcUser("dev", "dev", false)))
                .withOutlets(1, 12, pageSize, Map.of(OUTLET_3, "web1"));
    }

    private static ApcSimConfig config(ApcFirmware firmware) {
        return config(firmware, "apc");
    }

    private static String[] args(ApcSimulator simulator, boolean ssh, String user, String... more) {
        List<String> args = new ArrayList<>(List.of("-a", "127.0.0.1", "-l", user, "-p", user,
                "-u", Integer.toString(ssh ? simulator.sshPort() : simulator.telnetPort())));
        if (ssh) {
            // a cold JVM loading MINA SSHD on a loaded 2-core machine can need more than the 5 s default
            args.addAll(List.of("-x", "--login-timeout", "30"));
        }
        args.addAll(List.of(more));
        if (!args.contains("--shell-timeout")) {
            // room for a loaded CI machine; the hostile cases set their own 1 s timeouts
            args.addAll(List.of("--shell-timeout", "10", "--power-timeout", "30"));
        }
        return args.toArray(new String[0]);
    }

    private static void assertClean(AgentRun run) {
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.toString());
    }

    /** Every action in every generation, the modes side by side (each against its own simulator). */
    @Test
    void everyActionInEveryGeneration() throws Exception {
        SideBySide checks = new SideBySide();
        for (String mode : List.of("V2,apc,telnet", "V2,dev,telnet", "V3,apc,telnet", "V3,dev,telnet", "PLUS,apc,telnet",
                "V5,apc,telnet", "V3,apc,ssh", "V5,dev,ssh")) {
            String[] parts = mode.split(",");
            checks.add(mode, () -> everyAction(ApcFirmware.valueOf(parts[0]), parts[1], parts[2].equals("ssh")));
        }
        checks.runAll(150);
    }

    private static void everyAction(ApcFirmware firmware, String user, boolean ssh) throws Exception {
        try (ApcSimulator simulator = start(ssh ? config(firmware, user).withSsh(0) : config(firmware, user))) {
            AgentRun status = AgentRun.of(args(simulator, ssh, user, "-n", "3", "-o", "status"));
            assertEquals(0, status.code(), status.toString());
            assertEquals("Status: ON\n", status.out());

            AgentRun off = AgentRun.of(args(simulator, ssh, user, "-n", "3", "-o", "off"));
            assertEquals("Success: Powered OFF\n", off.out(), off.toString());
            assertFalse(simulator.isOn(OUTLET_3));
            AgentRun offStatus = AgentRun.of(args(simulator, ssh, user, "-n", "web1", "-o", "status"));
            assertEquals(2, offStatus.code(), offStatus.toString());
            assertEquals("Status: OFF\n", offStatus.out());

            AgentRun on = AgentRun.of(args(simulator, ssh, user, "-n", "web1", "-o", "on"));
            assertEquals("Success: Powered ON\n", on.out(), on.toString());
            assertTrue(simulator.isOn(OUTLET_3));

            AgentRun reboot = AgentRun.of(args(simulator, ssh, user, "-n", "3", "-o", "reboot"));
            assertEquals("Success: Rebooted\n", reboot.out(), reboot.toString());
            assertTrue(simulator.isOn(OUTLET_3));

            AgentRun list = AgentRun.of(args(simulator, ssh, user, "-o", "list-status"));
            assertEquals(0, list.code(), list.toString());
            assertTrue(list.out().startsWith("1,Outlet 1,ON\n2,Outlet 2,ON\n3,web1,ON\n"), list.out());
            assertEquals(12, list.out().lines().count(), "all pages read: " + list.out());
            for (AgentRun run : List.of(status, off, offStatus, on, reboot, list)) {
                assertClean(run);
            }
        }
    }

    @Test
    void masterSwitchPlusChainWithSwitchOptionAndColonNotation() throws Exception {
        try (ApcSimulator simulator = start(config(ApcFirmware.PLUS).withOutlets(2, 4, 0, Map.of()))) {
            AgentRun missing = AgentRun.of(args(simulator, false, "apc", "-n", "3", "-o", "status"));
            assertEquals(1, missing.code(), missing.toString());
            assertTrue(missing.err().contains("physical switch number"), missing.toString());
            assertEquals("Success: Powered OFF\n", AgentRun.of(args(simulator, false, "apc", "-s", "2", "-n", "3", "-o", "off")).out());
            assertFalse(simulator.isOn(new OutletId(2, 3)));
            assertTrue(simulator.isOn(new OutletId(1, 3)));
            assertEquals(2, AgentRun.of(args(simulator, false, "apc", "-n", "2:3", "-o", "status")).code());
        }
    }

    @Test
    void stdinModeAndOutletCommands(@TempDir Path dir) throws Exception {
        Path record = dir.resolve("power.log");
        ApcSimConfig config = config(ApcFirmware.V3).withAnyCommand("echo \"$OUTLET $OUTLET_NAME $STATE\" >> '" + record + "'");
        try (ApcSimulator simulator = start(config)) {
            String stdin = "action=off\nipaddr=127.0.0.1\nipport=" + simulator.telnetPort()
                    + "\nlogin=apc\npasswd=apc\nport=3\nnodename=node1\n";
            AgentRun off = AgentRun.withStdin(stdin);
            assertEquals("Success: Powered OFF\n", off.out(), off.toString());
            assertTrue(simulator.drainCommands(30_000));
            assertEquals(List.of("3 web1 off"), Files.readAllLines(record));
            assertTrue(simulator.logLines().stream().anyMatch(line -> line.contains("line \"1\"")));
            assertTrue(simulator.logLines().stream().noneMatch(line -> line.contains("passwd") || line.contains(" apc\"")));
        }
    }

    @Test
    void identityFileInsteadOfPassword(@TempDir Path dir) throws Exception {
        SshIdentity identity = SshIdentity.create(dir);
        try (ApcSimulator simulator = start(config(ApcFirmware.V5).withSsh(0).withAuthorizedKeys(identity.authorizedKeys().toString()))) {
            String[] common = {"-x", "-a", "127.0.0.1", "-u", Integer.toString(simulator.sshPort()), "-l", "apc",
                "--login-timeout", "30", "-n", "3"};
            AgentRun withKey = AgentRun.of(concat(common, "-k", identity.privateKey().toString(), "-o", "off"));
            assertEquals("Success: Powered OFF\n", withKey.out(), withKey.toString());
            AgentRun withoutKey = AgentRun.of(concat(common, "-p", "wrong", "-o", "status"));
            assertEquals(1, withoutKey.code(), withoutKey.toString());
            assertTrue(withoutKey.err().contains("ERROR: Unable to connect/login to fencing device"), withoutKey.toString());
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void missingPlugAndWrongPassword() throws Exception {
        try (ApcSimulator simulator = start(config(ApcFirmware.V3))) {
            AgentRun missing = AgentRun.of(args(simulator, false, "apc", "-n", "99", "-o", "status"));
            assertEquals(1, missing.code(), missing.toString());
            assertTrue(missing.err().contains("ERROR: Failed: Unable to obtain correct plug status or plug is not available"));
            AgentRun wrong = AgentRun.of("-a", "127.0.0.1", "-u", Integer.toString(simulator.telnetPort()), "-l", "apc",
                    "-p", "nope", "-n", "1", "-o", "status");
            assertEquals(1, wrong.code(), wrong.toString());
            assertTrue(wrong.err().contains("ERROR: Unable to connect/login to fencing device"), wrong.toString());
            assertClean(wrong);
        }
    }

    /** Hostile switches: one clear ERROR line, exit 1, within the timeouts given (1 s each here). */
    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
        "REFUSE_LOGIN,telnet,Unable to connect/login to fencing device",
        "STALL,telnet,Unable to connect/login to fencing device",
        "GARBAGE,telnet,Unable to connect/login to fencing device",
        "CLOSE_MID,telnet,Connection lost",
        "STALL_AFTER_LOGIN,telnet,Connection timed out",
        "LIE,telnet,Failed: Timed out waiting to power OFF",
        "REFUSE_LOGIN,ssh,Unable to connect/login to fencing device",
        "STALL,ssh,Unable to connect/login to fencing device",
        "GARBAGE,ssh,Unable to connect/login to fencing device",
        "STALL_AFTER_LOGIN,ssh,Connection timed out"})
    void hostileSwitchFailsCleanlyAndQuickly(ApcFault fault, String transport, String message) throws Exception {
        boolean ssh = transport.equals("ssh");
        ApcSimConfig config = config(ApcFirmware.V3).withFault(fault);
        try (ApcSimulator simulator = start(ssh ? config.withSsh(0) : config)) {
            AgentRun run = AgentRun.of(args(simulator, ssh, "apc", "-n", "3", "-o", "off",
                    "--login-timeout", "1", "--shell-timeout", "1", "--power-timeout", "1"));
            assertEquals(1, run.code(), run.toString());
            assertTrue(run.err().contains("ERROR: " + message), run.toString());
            assertEquals(1, run.err().lines().count(), "one line only: " + run);
            assertEquals("", run.out());
            assertTrue(run.elapsedMs() < 20_000, "bounded by the 1 s timeouts: " + run);
        }
    }

    /** --fail-connections: a fence daemon's retry loop sees two refusals, then the switch works. */
    @ParameterizedTest
    @CsvSource({"telnet", "ssh"})
    void faultForTheFirstConnectionsOnly(String transport) throws Exception {
        boolean ssh = transport.equals("ssh");
        ApcSimConfig config = config(ApcFirmware.V3).withFault(ApcFault.REFUSE_LOGIN, 2);
        try (ApcSimulator simulator = start(ssh ? config.withSsh(0) : config)) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                AgentRun refused = AgentRun.of(args(simulator, ssh, "apc", "-n", "3", "-o", "off"));
                assertEquals(1, refused.code(), "attempt " + attempt + ": " + refused);
            }
            AgentRun third = AgentRun.of(args(simulator, ssh, "apc", "-n", "3", "-o", "off"));
            assertEquals("Success: Powered OFF\n", third.out(), third.toString());
        }
    }

    @Test
    void nobodyListening() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AgentRun run = AgentRun.of("-a", "127.0.0.1", "-u", Integer.toString(port), "-l", "apc", "-p", "apc", "-n", "1", "-o", "status");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().contains("ERROR: Unable to connect/login to fencing device"), run.toString());
        AgentRun badPrompt = AgentRun.of("-a", "127.0.0.1", "-l", "apc", "-p", "apc", "-n", "1", "-c", "([", "-o", "validate-all");
        assertEquals(1, badPrompt.code(), badPrompt.toString());
        assertClean(badPrompt);
    }
}
