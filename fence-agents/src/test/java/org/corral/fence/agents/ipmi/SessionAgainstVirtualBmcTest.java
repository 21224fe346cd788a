package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;
import org.corral.fence.agents.api.PowerState;
import org.corral.fence.agents.sim.ipmi.BmcEvent;
import org.corral.fence.agents.sim.ipmi.BmcFault;
import org.corral.fence.agents.sim.ipmi.VirtualBmc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our console sessions against our virtual BMC in memory: every suite, IPMI 1.5, faults, tampering. */
class SessionAgainstVirtualBmcTest {
    static final byte[] GUID = Bytes.fromHex("a123456789abcdefa123456789abcdef");
    final AgentLog log = new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 0,
            true);

    static VirtualBmc bmc(long seed) {
        return new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"), new TreeSet<>(List.of(0, 1, 2, 3, 17)),
                GUID, true), true, new Random(seed));
    }

    static SessionConfig config(String password, CipherSuite suite, int authType) {
        return new SessionConfig("admin".getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8),
                new byte[0], suite, authType, Privilege.ADMINISTRATOR);
    }

    IpmiPowerDevice plus(LoopbackTransport transport, CipherSuite suite, String password) throws FenceException {
        return new IpmiPowerDevice(LanplusSession.open(transport, config(password, suite, -1), new Random(7), log), log);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 17})
    void everyCipherSuiteFencesTheChassis(int id) throws Exception {
        VirtualBmc bmc = bmc(id);
        LoopbackTransport transport = new LoopbackTransport(bmc, 0);
        try (IpmiPowerDevice device = plus(transport, CipherSuite.byId(id).orElseThrow(), "fencepass")) {
            assertEquals(PowerState.ON, device.status(""));
            device.setPower("", false);
            assertFalse(bmc.powerOn());
            assertEquals(PowerState.OFF, device.status(""));
            device.setPower("", true);
            assertTrue(device.powerCycle(""));
            assertTrue(bmc.powerOn());
        }
        assertEquals(0, bmc.sessionCount(), "Close Session released it");
        assertTrue(transport.closed);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 2, 4})
    void ipmi15SessionsWithEveryAuthType(int authType) throws Exception {
        VirtualBmc bmc = bmc(40 + authType);
        LoopbackTransport transport = new LoopbackTransport(bmc, 0);
        try (IpmiPowerDevice device = new IpmiPowerDevice(Lan15Session.open(transport,
                config("fencepass", CipherSuite.SUITE_3, authType), new Random(3), log), log)) {
            device.setPower("", false);
            assertEquals(PowerState.OFF, device.status(""));
        }
        assertEquals(0, bmc.sessionCount());
        int used = LanCodec.decode(transport.sent.get(2)) instanceof LanPacket.Lan15 lan ? lan.authType() : -9;
        assertEquals(authType < 0 ? LanPacket.Lan15.AUTH_MD5 : authType, used, "auth type of Activate Session");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void lostAnswersAreRecoveredByRetransmission(boolean lanplus) throws Exception {
        VirtualBmc bmc = bmc(21);
        LoopbackTransport transport = new LoopbackTransport(bmc, 1);
        transport.loseFirstAnswers = true;
        SessionConfig config = config("fencepass", CipherSuite.SUITE_3, LanPacket.Lan15.AUTH_MD5);
        IpmiSession session = lanplus ? LanplusSession.open(transport, config, new Random(2), log)
                : Lan15Session.open(transport, config, new Random(2), log);
        try (IpmiPowerDevice device = new IpmiPowerDevice(session, log)) {
            device.setPower("", false);
            assertEquals(PowerState.OFF, device.status(""));
        }
        // IPMI 1.5: the challenge that answered the lost first Get Session Challenge stays pending until it
        // idles out (SESSION_IDLE_MS_MAX), as on a real BMC; nothing else may be left.
        assertEquals(lanplus ? 0 : 1, bmc.sessionCount(), "no session leaked by the retransmissions");
    }

    @Test
    void privilegeLevelGovernsChassisControl() throws Exception {
        for (Privilege privilege : Privilege.values()) {
            VirtualBmc bmc = bmc(50 + privilege.level);
            SessionConfig config = new SessionConfig("admin".getBytes(StandardCharsets.UTF_8),
                    "fencepass".getBytes(StandardCharsets.UTF_8), new byte[0], CipherSuite.SUITE_3, -1, privilege);
            try (IpmiPowerDevice device = new IpmiPowerDevice(LanplusSession.open(new LoopbackTransport(bmc, 0), config,
                    new Random(1), log), log)) {
                assertEquals(PowerState.ON, device.status(""), "status needs no operator rights");
                if (privilege.level >= Privilege.OPERATOR.level) {
                    device.setPower("", false);
                    assertFalse(bmc.powerOn(), privilege.toString());
                } else {
                    FenceException error = assertThrows(FenceException.class, () -> device.setPower("", false));
                    assertTrue(error.getMessage().contains("completion code 0xd4"), error.getMessage());
                    assertTrue(bmc.powerOn());
                }
            }
        }
    }

    @Test
    void wrongPasswordIsRefusedInBothFormats() {
        FenceException plusError = assertThrows(FenceException.class,
                () -> plus(new LoopbackTransport(bmc(1), 0), CipherSuite.SUITE_3, "wrong"));
        assertEquals(FailReason.LOGIN_DENIED, plusError.reason());
        assertTrue(plusError.getMessage().contains("RAKP 2"), plusError.getMessage());
        FenceException lanError = assertThrows(FenceException.class, () -> Lan15Session.open(
                new LoopbackTransport(bmc(2), 0), config("wrong", CipherSuite.SUITE_3, 2), new Random(1), log));
        assertEquals(FailReason.LOGIN_DENIED, lanError.reason());
        assertTrue(lanError.getMessage().contains("Activate Session refused"), lanError.getMessage());
    }

    @Test
    void unknownUserAndUnofferedSuite() {
        VirtualBmc only3 = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"),
                new TreeSet<>(List.of(3)), GUID, false), true, new Random(5));
        FenceException suite = assertThrows(FenceException.class,
                () -> plus(new LoopbackTransport(only3, 0), CipherSuite.SUITE_17, "fencepass"));
        assertTrue(suite.getMessage().endsWith("invalid authentication algorithm"), suite.getMessage());
        SessionConfig stranger = new SessionConfig("nobody".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[0],
                CipherSuite.SUITE_3, -1, Privilege.ADMINISTRATOR);
        FenceException user = assertThrows(FenceException.class,
                () -> LanplusSession.open(new LoopbackTransport(bmc(6), 0), stranger, new Random(1), log));
        assertTrue(user.getMessage().endsWith("unauthorized name"), user.getMessage());
    }

    @Test
    void faultModes() throws Exception {
        VirtualBmc bmc = bmc(9);
        IpmiPowerDevice device = plus(new LoopbackTransport(bmc, 0), CipherSuite.SUITE_3, "fencepass");
        bmc.setFault(BmcFault.REFUSE);
        FenceException refused = assertThrows(FenceException.class, () -> device.setPower("", false));
        assertTrue(refused.getMessage().contains("completion code 0xd5"), refused.getMessage());
        assertTrue(bmc.powerOn());
        bmc.setFault(BmcFault.LIE);
        device.setPower("", false);
        assertFalse(bmc.powerOn());
        assertEquals(PowerState.ON, device.status(""), "the lie");
        bmc.setFault(BmcFault.TIMEOUT);
        assertEquals(FailReason.TIMED_OUT, assertThrows(FenceException.class, () -> device.status("")).reason());
        bmc.setFault(BmcFault.GARBAGE);
        FenceException garbage = assertThrows(FenceException.class,
                () -> plus(new LoopbackTransport(bmc, 2), CipherSuite.SUITE_3, "fencepass"));
        assertEquals(FailReason.TIMED_OUT, garbage.reason());
    }

    /** Tampered in-session answers: each is rejected, the request times out with the reason. */
    @Test
    void tamperedAnswersAreRejected() throws Exception {
        Map<String, UnaryOperator<byte[]>> tamperings = Map.of(
                "AuthCode mismatch", r -> flip(r, r.length - 1),
                "wrong session id", r -> flip(r, 6),
                "truncated", r -> Arrays.copyOf(r, r.length - 20),
                "not RMCP", r -> flip(r, 0),
                "no valid answer", r -> null);
        for (Map.Entry<String, UnaryOperator<byte[]>> entry : tamperings.entrySet()) {
            VirtualBmc bmc = bmc(11);
            LoopbackTransport transport = new LoopbackTransport(bmc, 1);
            IpmiPowerDevice device = plus(transport, CipherSuite.SUITE_3, "fencepass");
            transport.tamper = entry.getValue();
            FenceException error = assertThrows(FenceException.class, () -> device.status(""), entry.getKey());
            assertEquals(FailReason.TIMED_OUT, error.reason());
            assertTrue(error.getMessage().contains(entry.getKey()), entry.getKey() + ": " + error.getMessage());
        }
    }

    @Test
    void replayedAnswerIsRejectedByTheSequenceWindow() throws Exception {
        LoopbackTransport transport = new LoopbackTransport(bmc(14), 0);
        IpmiPowerDevice device = plus(transport, CipherSuite.SUITE_3, "fencepass");
        byte[][] last = new byte[1][];
        transport.tamper = r -> {
            last[0] = r;
            return r;
        };
        device.status("");
        transport.tamper = r -> last[0];
        FenceException error = assertThrows(FenceException.class, () -> device.status(""));
        assertTrue(error.getMessage().contains("replayed or out-of-window"), error.getMessage());
    }

    @Test
    void replayWindowAcceptsEachNumberOnceWithinBounds() {
        ReplayWindow window = new ReplayWindow();
        assertFalse(window.accept(0), "0 is pre-session");
        assertTrue(window.accept(100));
        assertFalse(window.accept(100), "replay");
        assertTrue(window.accept(103), "small gap ahead");
        assertTrue(window.accept(101), "late but new");
        assertFalse(window.accept(101));
        assertFalse(window.accept(103 - ReplayWindow.WINDOW), "too old");
        assertFalse(window.accept(103 + ReplayWindow.AHEAD_MAX + 1), "too far ahead");
        window.expectFirst(-1);
        assertTrue(window.accept(-1), "unsigned wrap: 0xffffffff");
        assertTrue(window.accept(1), "wraps past 0");
    }

    @Test
    void badChecksumWithoutIntegrityIsCaught() throws Exception {
        LoopbackTransport transport = new LoopbackTransport(bmc(12), 0);
        IpmiPowerDevice device = plus(transport, CipherSuite.SUITE_0, "fencepass");
        transport.tamper = r -> flip(r, r.length - 1);
        FenceException error = assertThrows(FenceException.class, () -> device.status(""));
        assertTrue(error.getMessage().contains("checksum mismatch"), error.getMessage());
    }

    @Test
    void bmcLogsEveryCommandAndReportsPowerEvents() {
        VirtualBmc bmc = bmc(13);
        List<BmcEvent> events = bmc.handle(LanCodec.encodeLan15(0, 0, 0, new byte[0], IpmiMessage.request(
                IpmiMessage.NETFN_APP, 1, 0x38, new byte[] {0x0e, 0x04}).encode()), "peer:9", 0).events();
        assertTrue(events.get(0) instanceof BmcEvent.Logged logged
                && logged.line().contains("Get Channel Authentication Capabilities"), events.toString());
    }

    @Test
    void wholeAgentInMemoryIncludingDiag() {
        VirtualBmc bmc = bmc(30);
        FenceIpmilan agent = new FenceIpmilan((host, port, timeout, agentLog) -> new LoopbackTransport(bmc, 0),
                new Random(4));
        java.util.function.Function<String, String> run = args -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = new org.corral.fence.agents.api.FenceRunner(agent, new java.io.ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(),
                    true, StandardCharsets.UTF_8), Map.of(), org.corral.fence.agents.api.FenceRunner.Timing.SYSTEM)
                    .run(("-a bmc -l admin -p fencepass --power-wait 0 " + args).split(" "));
            return code + " " + out.toString(StandardCharsets.UTF_8);
        };
        assertEquals("0 Success: Diagnostic interrupt sent\n", run.apply("-P -o diag"));
        assertEquals("0 Success: Powered OFF\n", run.apply("-P -C 17 -o off"));
        assertEquals("2 Status: OFF\n", run.apply("-A md5 -o status"));
        assertEquals("0 Success: Rebooted\n", run.apply("-P -m cycle -o reboot"), "cycle of an off chassis: no-op");
        assertEquals("0 Success: Rebooted\n", run.apply("-P -o reboot"));
        assertTrue(bmc.powerOn());
    }

    static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x55;
        return copy;
    }
}
