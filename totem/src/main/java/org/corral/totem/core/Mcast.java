package org.corral.totem.core;

import java.util.List;

/**
 * A multicast data message of one ring (corosync {@code struct mcast}). {@code sender} is who put
 * this copy on the wire (a retransmitter may differ), {@code origin} is who submitted it
 * ({@code system_from}). During RECOVERY an old-ring message travels {@link Encapsulated} inside
 * a new-ring mcast.
 */
public record Mcast(NodeId sender, NodeId origin, RingId ringId, long seq, Body body) implements TotemMessage {

    /** corosync's mcast header after the common header (system_from, seq, ring id, ...). */
    public static final int MCAST_HEADER_BYTES = 45;
    /** Per-chunk header inside a packed body: message id, fragment index, fragment count. */
    public static final int CHUNK_HEADER_BYTES = 12;

    public Mcast {
        if (sender == null || origin == null || ringId == null || body == null) {
            throw new IllegalArgumentException("mcast fields must not be null");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("mcast seq " + seq + " must be >= 1");
        }
        if (body instanceof Encapsulated e && e.original().ringId().equals(ringId)) {
            throw new IllegalArgumentException("an encapsulated mcast must carry a message of another ring");
        }
    }

    /** A copy of this message as re-sent by {@code retransmitter} (origin and seq unchanged). */
    public Mcast resentBy(NodeId retransmitter) {
        return new Mcast(retransmitter, origin, ringId, seq, body);
    }

    @Override
    public int sizeBytes() {
        return MCAST_HEADER_BYTES + body.sizeBytes();
    }

    /** What an mcast carries. */
    public sealed interface Body {
        int sizeBytes();
    }

    /** Application data: whole small payloads packed together, or one fragment of a large one. */
    public record Packed(List<Chunk> chunks) implements Body {
        public Packed {
            if (chunks == null || chunks.isEmpty()) {
                throw new IllegalArgumentException("a packed mcast carries at least one chunk");
            }
            chunks = List.copyOf(chunks);
        }

        @Override
        public int sizeBytes() {
            int total = 0;
            for (Chunk chunk : chunks) {
                total += CHUNK_HEADER_BYTES + chunk.bytes().length;
            }
            return total;
        }
    }

    /** An old-ring message re-multicast on the new ring during RECOVERY (encapsulated = 1). */
    public record Encapsulated(Mcast original) implements Body {
        public Encapsulated {
            if (original == null || original.body() instanceof Encapsulated) {
                throw new IllegalArgumentException("encapsulation is one level deep");
            }
        }

        @Override
        public int sizeBytes() {
            return HEADER_BYTES + original.sizeBytes();
        }
    }

    /**
     * One application payload, or fragment {@code index} of {@code count} of payload number
     * {@code messageId} of the origin. A whole payload is index 0 of count 1.
     */
    public record Chunk(long messageId, int index, int count, byte[] bytes) {
        public Chunk {
            if (messageId < 0 || count < 1 || index < 0 || index >= count || bytes == null) {
                throw new IllegalArgumentException("chunk " + index + "/" + count + " of message " + messageId + " is malformed");
            }
        }
    }
}
