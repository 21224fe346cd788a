package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the reference captures (ipmitool, Debian fence_ipmilan and pyghmi against ipmi_sim and a
 * pyghmi BMC, password "fencepass") through our codec and crypto: every RAKP code, SIK/K1/K2, RAKP 4
 * ICV, per-packet AuthCode, decryption, and every datagram re-encoded byte for byte (so every
 * ciphertext is reproduced from its IV, key and plaintext).
 */
class CaptureVectorTest {
    private static final byte[] PASSWORD = "fencepass".getBytes(StandardCharsets.US_ASCII);

    static Stream<String> captures() {
        return Stream.of("01_lanplus_C3_status", "02_lanplus_C3_off", "03_lanplus_C3_on", "04_lanplus_C3_cycle",
                "05_lanplus_C3_reset", "06_lanplus_C3_status_vvvv", "07_lanplus_C2_status", "08_lanplus_C1_status",
                "09_lanplus_C0_status", "10_lanplus_C17_rejected", "11_lan15_md5_status", "12_lanplus_badpass",
                "13_lanplus_default_cipher", "14_fence_ipmilan_P_status", "15_pyghmi_default_cipher_status",
                "16_pyghmi_fence_ipmilan_off");
    }

    /** One capture file: the datagrams and the keys ipmitool's own dump reported. */
    record Capture(List<Boolean> toBmc, List<byte[]> datagrams, Deque<byte[][]> keys) {
    }

    static Capture load(String name) throws IOException {
        try (InputStream in = CaptureVectorTest.class.getResourceAsStream("/ipmi-captures/" + name + ".txt")) {
            assertNotNull(in, "missing capture resource " + name);
            List<Boolean> toBmc = new ArrayList<>();
            List<byte[]> datagrams = new ArrayList<>();
            Deque<byte[][]> keys = new ArrayDeque<>();
            byte[][] pending = new byte[3][];
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.split(" ", 2);
                switch (parts[0]) {
                    case "C>B", "B>C" -> {
                        toBmc.add(parts[0].equals("C>B"));
                        datagrams.add(Bytes.fromHex(parts[1]));
                    }
                    case "SIK" -> pending[0] = Bytes.fromHex(parts[1]);
                    case "K1" -> pending[1] = Bytes.fromHex(parts[1]);
                    case "K2" -> {
                        pending[2] = Bytes.fromHex(parts[1]);
                        keys.add(pending);
                        pending = new byte[3][];
                    }
                    default -> {
                    }
                }
            }
            return new Capture(toBmc, datagrams, keys);
        }
    }

    /** What the replay learns about the RMCP+ session in progress. */
    private static final class PlusState {
        CipherSuite suite;
        byte[] sidm;
        byte[] sidc;
        byte[] rm;
        int rolem;
        byte[] user;
        Rakp rakp;
        SessionKeys keys;
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyPacketDecodesVerifiesAndReencodesIdentically(String name) throws Exception {
        Capture capture = load(name);
        int expectedKeySets = capture.keys().size();
        PlusState plus = new PlusState();
        int verifiedCodes = 0;
        int sessionsKeyed = 0;
        for (int i = 0; i < capture.datagrams().size(); i++) {
            byte[] raw = capture.datagrams().get(i);
            LanPacket packet = LanCodec.decode(raw);
            String where = name + " packet #" + (i + 1);
            if (packet instanceof LanPacket.Asf asf) {
                byte[] again = asf.messageType() == LanPacket.Asf.PONG ? LanCodec.asfPong(asf.tag())
                        : LanCodec.encodeAsf(asf.messageType(), asf.tag(), asf.data());
                assertArrayEquals(raw, again, where);
            } else if (packet instanceof LanPacket.Lan15 lan) {
                verifiedCodes += checkLan15(lan, raw, where);
            } else {
                LanPacket.Rmcp20 rmcp = (LanPacket.Rmcp20) packet;
                int before = plus.keys == null ? 0 : 1;
                verifiedCodes += checkRmcp20(rmcp, raw, plus, capture.keys(), where);
                if (before == 0 && plus.keys != null && plus.suite.auth != CipherSuite.Auth.NONE) {
                    sessionsKeyed++;
                }
            }
        }
        assertEquals(expectedKeySets, sessionsKeyed, name + ": every recorded SIK/K1/K2 set reproduced");
        assertTrue(capture.keys().isEmpty(), name + ": unused key sets");
        if (!name.startsWith("10_") && !name.startsWith("12_")) {
            assertTrue(verifiedCodes > 0, name + ": no auth code or ciphertext checked");
        }
    }

    private static int checkLan15(LanPacket.Lan15 lan, byte[] raw, String where) throws WireException {
        IpmiMessage message = IpmiMessage.decode(lan.message());
        assertArrayEquals(lan.message(), message.encode(), where + ": IPMI message re-encoded");
        assertArrayEquals(raw, LanCodec.encodeLan15(lan.authType(), lan.sequence(), lan.sessionId(), lan.authCode(),
                lan.message()), where + ": IPMI 1.5 datagram re-encoded");
        if (lan.authType() == 0) {
            return 0;
        }
        byte[] code = Lan15Auth.code(lan.authType(), PASSWORD, lan.sessionId(), lan.message(), lan.sequence());
        assertArrayEquals(lan.authCode(), code, where + ": IPMI 1.5 AuthCode");
        return 1;
    }

    private static int checkRmcp20(LanPacket.Rmcp20 rmcp, byte[] raw, PlusState plus, Deque<byte[][]> keys,
                                   String where) throws WireException {
        byte[] p = rmcp.payload();
        switch (rmcp.payloadType()) {
            case LanPacket.Rmcp20.OPEN_SESSION_REQUEST -> {
                plus.suite = CipherSuite.byAlgorithms(p[12], p[20], p[28]).orElse(null);
                plus.sidm = Arrays.copyOfRange(p, 4, 8);
                plus.keys = null;
            }
            case LanPacket.Rmcp20.OPEN_SESSION_RESPONSE -> {
                if (p[1] == 0) {
                    plus.sidc = Arrays.copyOfRange(p, 8, 12);
                }
            }
            case LanPacket.Rmcp20.RAKP1 -> {
                plus.rm = Arrays.copyOfRange(p, 8, 24);
                plus.rolem = p[24] & 0xff;
                plus.user = Arrays.copyOfRange(p, 28, 28 + (p[27] & 0xff));
            }
            case LanPacket.Rmcp20.RAKP2 -> {
                plus.rakp = new Rakp(plus.suite, plus.sidm, plus.sidc, plus.rm, Arrays.copyOfRange(p, 8, 24),
                        Arrays.copyOfRange(p, 24, 40), plus.rolem, plus.user);
                assertArrayEquals(Arrays.copyOfRange(p, 40, p.length), plus.rakp.rakp2Code(IpmiCrypto.kuid(PASSWORD)),
                        where + ": RAKP 2 key exchange auth code");
            }
            case LanPacket.Rmcp20.RAKP3 -> {
                assertArrayEquals(Arrays.copyOfRange(p, 8, p.length), plus.rakp.rakp3Code(IpmiCrypto.kuid(PASSWORD)),
                        where + ": RAKP 3 auth code");
                plus.keys = plus.rakp.keys(IpmiCrypto.kuid(PASSWORD));
                if (plus.suite.auth == CipherSuite.Auth.NONE) {
                    break; // suite 0: no keys, nothing recorded
                }
                byte[][] recorded = keys.poll();
                assertNotNull(recorded, where + ": capture lists no keys for this session");
                assertArrayEquals(recorded[0], plus.keys.sik(), where + ": SIK");
                assertArrayEquals(recorded[1], plus.keys.k1(), where + ": K1");
                assertArrayEquals(recorded[2], plus.keys.k2(), where + ": K2");
            }
            case LanPacket.Rmcp20.RAKP4 -> assertArrayEquals(Arrays.copyOfRange(p, 8, p.length),
                    plus.rakp.rakp4Icv(plus.keys.sik()), where + ": RAKP 4 ICV");
            default -> {
                return checkSessionPayload(rmcp, raw, plus, where);
            }
        }
        assertArrayEquals(raw, LanCodec.encodeRmcp20Plain(rmcp.payloadType(), rmcp.sessionId(), rmcp.sequence(), p),
                where + ": RMCP+ handshake datagram re-encoded");
        return 1;
    }

    private static int checkSessionPayload(LanPacket.Rmcp20 rmcp, byte[] raw, PlusState plus, String where)
            throws WireException {
        if (rmcp.sessionId() == 0) {
            IpmiMessage message = IpmiMessage.decode(rmcp.payload());
            assertArrayEquals(raw, LanCodec.encodeRmcp20Plain(0, 0, rmcp.sequence(), message.encode()), where);
            return 0;
        }
        byte[] message = Rmcp20Crypt.unwrap(plus.keys, rmcp);
        IpmiMessage.decode(message);
        byte[] iv = plus.suite.encrypted ? Arrays.copyOf(rmcp.payload(), 16) : new byte[16];
        assertArrayEquals(raw, Rmcp20Crypt.wrap(plus.keys, rmcp.sessionId(), rmcp.sequence(), message, iv),
                where + ": session datagram (AuthCode and ciphertext) reproduced");
        return 1;
    }
}
