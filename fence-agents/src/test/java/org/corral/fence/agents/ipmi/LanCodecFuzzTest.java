package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.corral.fence.agents.sim.ipmi.BmcEvent;
import org.corral.fence.agents.sim.ipmi.VirtualBmc;

/**
 * Fuzzing the RMCP+ decoder: random and mutated datagrams either decode or fail with a
 * {@link WireException}; no other exception escapes, and the virtual BMC survives every one of them.
 */
class LanCodecFuzzTest {
    private static final SessionKeys KEYS = new Rakp(CipherSuite.SUITE_3, new byte[4], new byte[] {1, 0, 0, 0},
            new byte[16], new byte[16], new byte[16], 0x14, "admin".getBytes()).keys("fencepass".getBytes());
    /** Valid datagrams of every kind the decoders meet, to mutate. */
    private static final List<byte[]> SEEDS = List.of(
            Rmcp20Crypt.wrap(KEYS, 1, 1, IpmiMessage.request(0, 1, 1, new byte[0]).encode(), new byte[16]),
            Bytes.fromHex("0600ff0706100000000000000000200000000000a4a3a2a0000000080100000001000008010000000200000801000000"),
            Bytes.fromHex("0600ff07061200000000000000002100000000008200000004ee1f93843b0516cdc79d949139e1c81400000561646d696e"),
            Bytes.fromHex("0600ff06000011be80000000"),
            Bytes.fromHex("0600ff07000000000000000000182018c88108390261646d696e000000000000000000000033"),
            Bytes.fromHex("0600ff07020000000005000000b7f4f76b8862e44ea74c9a1743a041931d2018c8810c3a0204b21431bb283b94dd1514"
                    + "40e7606b9b4642389e8514"));

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsOtherExceptions(@ForAll @Size(max = 300) byte[] datagram) {
        decodeEverything(datagram);
    }

    @Property(tries = 2000)
    void mutatedSessionPacketsAreRejectedCleanly(@ForAll("mutations") byte[] datagram) {
        decodeEverything(datagram);
    }

    @Property(tries = 300)
    void virtualBmcSurvivesHostileInput(@ForAll("mutations") byte[] datagram, @ForAll @IntRange(max = 1000) int seed) {
        VirtualBmc bmc = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "x"), new TreeSet<>(List.of(3)),
                new byte[16], true), true, new Random(seed));
        for (BmcEvent event : bmc.handle(datagram, "fuzz:1", 0).events()) {
            if (event instanceof BmcEvent.Logged logged && logged.line().contains("internal error")) {
                throw new AssertionError("BMC hit an unexpected exception: " + logged.line());
            }
        }
    }

    @Property(tries = 500)
    void wrapThenUnwrapIsIdentity(@ForAll @Size(max = 200) byte[] message, @ForAll @Size(value = 16) byte[] iv)
            throws WireException {
        byte[] wrapped = Rmcp20Crypt.wrap(KEYS, 7, 9, message, iv);
        assertArrayEquals(message, Rmcp20Crypt.unwrap(KEYS, (LanPacket.Rmcp20) LanCodec.decode(wrapped)));
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 80);
        Arbitrary<Integer> value = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 100);
        return net.jqwik.api.Combinators.combine(seed, index.list().ofMaxSize(4), value.list().ofSize(4), cut)
                .as((original, indexes, values, length) -> {
                    byte[] copy = java.util.Arrays.copyOf(original, Math.min(length, original.length));
                    for (int i = 0; i < indexes.size(); i++) {
                        if (indexes.get(i) < copy.length) {
                            copy[indexes.get(i)] = (byte) (int) values.get(i);
                        }
                    }
                    return copy;
                });
    }

    private static void decodeEverything(byte[] datagram) {
        try {
            LanPacket packet = LanCodec.decode(datagram);
            if (packet instanceof LanPacket.Rmcp20 rmcp) {
                IpmiMessage.decode(Rmcp20Crypt.unwrap(KEYS, rmcp));
            } else if (packet instanceof LanPacket.Lan15 lan) {
                IpmiMessage.decode(lan.message());
            }
        } catch (WireException expected) {
            // the only allowed failure
        }
    }
}
