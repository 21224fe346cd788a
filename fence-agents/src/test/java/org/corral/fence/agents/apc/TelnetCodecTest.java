package org.corral.fence.agents.apc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class TelnetCodecTest {
    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    private static TelnetCodec server() {
        return new TelnetCodec(Set.of(TelnetCodec.OPTION_ECHO, TelnetCodec.OPTION_SGA), Set.of());
    }

    @Test
    void serverOffersEchoAndSuppressGoAhead() {
        assertArrayEquals(bytes(255, 251, 1, 255, 251, 3), server().offer());
    }

    /** The opening burst Debian's telnet client sends (reference/fence-apc-dialogue.md section 1). */
    @Test
    void debianClientBurstIsRefusedExceptWhatWasOffered() {
        TelnetCodec codec = server();
        codec.offer();
        byte[] burst = bytes(0xff, 0xfd, 0x00, 0xff, 0xfb, 0x00, 0xff, 0xfd, 0x26, 0xff, 0xfb, 0x26, 0xff, 0xfd, 0x03,
                0xff, 0xfb, 0x18, 0xff, 0xfb, 0x1f, 0xff, 0xfb, 0x20, 0xff, 0xfb, 0x21, 0xff, 0xfb, 0x22, 0xff, 0xfb, 0x27,
                0xff, 0xfd, 0x05, 0xff, 0xfd, 0x01);
        TelnetCodec.Decoded decoded = codec.receive(burst, 0, burst.length);
        assertEquals(0, decoded.data().length);
        // DO BINARY -> WONT, WILL BINARY -> DONT, DO ENCRYPT -> WONT, WILL ENCRYPT -> DONT, DO SGA: already on,
        // WILL TTYPE/NAWS/TSPEED/LFLOW/LINEMODE/NEW-ENVIRON -> DONT, DO STATUS -> WONT, DO ECHO: already on.
        assertArrayEquals(bytes(255, 252, 0, 255, 254, 0, 255, 252, 0x26, 255, 254, 0x26,
                255, 254, 0x18, 255, 254, 0x1f, 255, 254, 0x20, 255, 254, 0x21, 255, 254, 0x22, 255, 254, 0x27,
                255, 252, 5), decoded.replies());
        assertTrue(codec.localEnabled(TelnetCodec.OPTION_ECHO));
    }

    @Test
    void clientAcceptsServerEchoOnceAndNeverLoops() {
        TelnetCodec client = new TelnetCodec(Set.of(TelnetCodec.OPTION_SGA), Set.of(TelnetCodec.OPTION_ECHO, TelnetCodec.OPTION_SGA));
        byte[] offer = server().offer();
        assertArrayEquals(bytes(255, 253, 1, 255, 253, 3), client.receive(offer, 0, offer.length).replies());
        assertEquals(0, client.receive(offer, 0, offer.length).replies().length, "a repeated WILL changes nothing");
        assertTrue(client.remoteEnabled(TelnetCodec.OPTION_ECHO));
        byte[] wont = bytes(255, 252, 1);
        assertArrayEquals(bytes(255, 254, 1), client.receive(wont, 0, wont.length).replies());
        assertEquals(0, client.receive(wont, 0, wont.length).replies().length);
    }

    @Test
    void dataPassesThroughWithDoubledIacAndSubnegotiationSkipped() {
        TelnetCodec codec = server();
        byte[] input = bytes('a', 255, 255, 'b', 255, 250, 24, 1, 'x', 'y', 255, 240, 'c', 255, 241, 'd');
        TelnetCodec.Decoded decoded = codec.receive(input, 0, input.length);
        assertArrayEquals(bytes('a', 255, 'b', 'c', 'd'), decoded.data());
        assertArrayEquals(bytes('x', 255, 255, 'y'), TelnetCodec.escape(bytes('x', 255, 'y')));
    }

    @Test
    void commandSplitAcrossReadsIsReassembled() {
        TelnetCodec codec = server();
        byte[] first = bytes('h', 255);
        byte[] second = bytes(253, 24, 'i');
        TelnetCodec.Decoded one = codec.receive(first, 0, first.length);
        TelnetCodec.Decoded two = codec.receive(second, 0, second.length);
        assertArrayEquals(bytes('h'), one.data());
        assertArrayEquals(bytes('i'), two.data());
        assertArrayEquals(bytes(255, 252, 24), two.replies());
    }
}
