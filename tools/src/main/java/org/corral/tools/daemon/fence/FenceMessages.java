package org.corral.tools.daemon.fence;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.corral.fenced.core.FenceEvent.FenceHow;

/**
 * The fence domain's totem payloads, one ASCII line each:
 * <pre>
 *   J nodeid                 joins the domain (fence_tool join)
 *   X nodeid                 leaves it cleanly (fence_tool leave): not a victim
 *   S nodeid                 "I am a member": every member sends it after each new ring, so a node
 *                            that (re)joined the ring learns the domain it missed (CPG's join-list sync)
 *   P nodeid                 "present, not a member": sent instead of S by the others; once S or P
 *                            came from every node of the ring, the ring's domain is known
 *   D victim how bynodeid    victim done (fenced's victim-done message): how = agent|override|member|external
 * </pre>
 * Anything else decodes to empty.
 */
final class FenceMessages {
    static final int MESSAGE_BYTES_MAX = 128;

    private FenceMessages() {}

    sealed interface Message {}

    record Join(int nodeId) implements Message {}

    record Leave(int nodeId) implements Message {}

    record Member(int nodeId) implements Message {}

    record Present(int nodeId) implements Message {}

    record Done(int victim, FenceHow how, int by) implements Message {}

    static byte[] join(int nodeId) {
        return ("J " + nodeId).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] member(int nodeId) {
        return ("S " + nodeId).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] present(int nodeId) {
        return ("P " + nodeId).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] leave(int nodeId) {
        return ("X " + nodeId).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] done(int victim, FenceHow how, int by) {
        return ("D " + victim + " " + how.text() + " " + by).getBytes(StandardCharsets.US_ASCII);
    }

    static Optional<Message> decode(byte[] payload) {
        if (payload.length == 0 || payload.length > MESSAGE_BYTES_MAX) {
            return Optional.empty();
        }
        String[] f = new String(payload, StandardCharsets.US_ASCII).split(" ");
        try {
            return Optional.of(switch (f[0]) {
                case "J" -> new Join(positive(f[1]));
                case "X" -> new Leave(positive(f[1]));
                case "S" -> new Member(positive(f[1]));
                case "P" -> new Present(positive(f[1]));
                case "D" -> new Done(positive(f[1]), FenceHow.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)),
                        positive(f[3]));
                default -> throw new IllegalArgumentException();
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int positive(String text) {
        int value = Integer.parseInt(text);
        if (value <= 0) {
            throw new IllegalArgumentException();
        }
        return value;
    }
}
