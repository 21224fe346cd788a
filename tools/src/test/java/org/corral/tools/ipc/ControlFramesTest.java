package org.corral.tools.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ControlFramesTest {

    @Test
    void requestsAndRepliesRoundTrip() throws Exception {
        ControlFrames.Request request = new ControlFrames.Request(42, Service.CMAP, "set", List.of("a.b", "välue", ""));
        assertEquals(request, ControlFrames.decodeRequest(ControlFrames.encode(request)));
        ControlFrames.Reply reply = new ControlFrames.Reply(42, Service.CFG, 1, List.of("nodeid\t1", ""));
        assertEquals(reply, ControlFrames.decodeReply(ControlFrames.encode(reply)));
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] frame = ControlFrames.encode(new ControlFrames.Request(1, Service.CMAP, "get", List.of("totem.token")));
        for (int length = 0; length < frame.length; length++) {
            byte[] cut = Arrays.copyOf(frame, length);
            assertThrows(ControlFrames.Malformed.class, () -> ControlFrames.decodeRequest(cut), "length " + length);
        }
    }

    @Test
    void wrongMagicVersionServiceAndStrayBytesAreRefused() {
        byte[] frame = ControlFrames.encode(new ControlFrames.Request(1, Service.CMAP, "list", List.of()));
        for (int index : new int[] {4, 6, 7}) {
            byte[] bad = frame.clone();
            bad[index] = (byte) 0xEE;
            assertThrows(ControlFrames.Malformed.class, () -> ControlFrames.decodeRequest(bad), "byte " + index);
        }
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        longer[3]++;
        assertThrows(ControlFrames.Malformed.class, () -> ControlFrames.decodeRequest(longer));
    }

    @Test
    void randomBytesNeverThrowAnythingButMalformed() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] valid = ControlFrames.encode(new ControlFrames.Request(9, Service.CFG, "ring-status", List.of("x", "y")));
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                ControlFrames.decodeRequest(mutated);
                ControlFrames.decodeReply(mutated);
            } catch (ControlFrames.Malformed expected) {
                // refused with a reason: what the server wants
            }
        }
    }

    @Test
    void privilegeIsRootTheDaemonUserOrTheAdminGroup() {
        assertTrue(Peer.privileged(0, List.of(), 1000, -1));
        assertTrue(Peer.privileged(1000, List.of(), 1000, -1));
        assertTrue(Peer.privileged(1001, List.of(50, 60), 1000, 60));
        assertFalse(Peer.privileged(1001, List.of(50), 1000, 60));
        assertFalse(Peer.privileged(1001, List.of(50), 1000, -1));
    }
}
