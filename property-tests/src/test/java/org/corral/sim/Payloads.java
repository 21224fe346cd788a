package org.corral.sim;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Application payloads whose bytes name themselves: a header with the submitting process and a
 * counter, then filler derived from that identity. A delivered payload can therefore be checked
 * byte for byte (fragmentation and reassembly included) without keeping every submitted copy.
 */
public final class Payloads {
    public static final int HEADER_BYTES = 20;
    private static final int MAGIC = 0x53494d31; // "SIM1"

    private Payloads() {}

    /** One application message's identity: the submitting node, its incarnation, its counter. */
    public record MessageId(int node, int incarnation, int counter) implements Comparable<MessageId> {
        @Override
        public int compareTo(MessageId other) {
            int byNode = Integer.compare(node, other.node);
            if (byNode != 0) {
                return byNode;
            }
            int byIncarnation = Integer.compare(incarnation, other.incarnation);
            return byIncarnation != 0 ? byIncarnation : Integer.compare(counter, other.counter);
        }

        @Override
        public String toString() {
            return "m" + node + "." + incarnation + "#" + counter;
        }
    }

    public static byte[] encode(MessageId id, int lengthBytes) {
        if (lengthBytes < HEADER_BYTES) {
            throw new IllegalArgumentException("payload length " + lengthBytes + " below " + HEADER_BYTES);
        }
        ByteBuffer buffer = ByteBuffer.allocate(lengthBytes);
        buffer.putInt(MAGIC).putInt(id.node()).putInt(id.incarnation()).putInt(id.counter()).putInt(lengthBytes);
        int mix = mix(id);
        for (int i = HEADER_BYTES; i < lengthBytes; i++) {
            buffer.put((byte) (mix + i * 31));
        }
        return buffer.array();
    }

    /** The identity a payload claims, if its header is well formed and its filler intact. */
    public static Optional<MessageId> decode(byte[] payload) {
        if (payload == null || payload.length < HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        if (buffer.getInt() != MAGIC) {
            return Optional.empty();
        }
        MessageId id = new MessageId(buffer.getInt(), buffer.getInt(), buffer.getInt());
        if (buffer.getInt() != payload.length) {
            return Optional.empty();
        }
        int mix = mix(id);
        for (int i = HEADER_BYTES; i < payload.length; i++) {
            if (payload[i] != (byte) (mix + i * 31)) {
                return Optional.empty();
            }
        }
        return Optional.of(id);
    }

    private static int mix(MessageId id) {
        int h = id.node() * 0x9E3779B1 + id.incarnation() * 0x85EBCA77 + id.counter() * 0xC2B2AE3D;
        return h ^ (h >>> 15);
    }
}
