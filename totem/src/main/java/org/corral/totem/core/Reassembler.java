package org.corral.totem.core;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.corral.totem.base.Check;

/**
 * Rebuilds whole payloads from delivered chunks, per origin. Fragments of one payload arrive in
 * agreed order, so they arrive in index order; anything else (a fragment after a hole that EVS
 * recovery could not fill) drops the partial payload at every node alike.
 */
final class Reassembler {
    private final int payloadBytesMax;
    private final TreeMap<NodeId, Partial> partials = new TreeMap<>();
    private long dropped;

    private static final class Partial {
        final long messageId;
        final int count;
        int nextIndex;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Partial(long messageId, int count) {
            this.messageId = messageId;
            this.count = count;
        }
    }

    Reassembler(int payloadBytesMax) {
        this.payloadBytesMax = payloadBytesMax;
    }

    /** The whole payloads completed by this delivered message, in order. */
    List<byte[]> accept(NodeId origin, Mcast.Packed body) {
        List<byte[]> complete = new ArrayList<>();
        for (Mcast.Chunk chunk : body.chunks()) {
            if (chunk.count() == 1) {
                dropPartial(origin);
                complete.add(chunk.bytes());
                continue;
            }
            if (chunk.index() == 0) {
                dropPartial(origin);
                partials.put(origin, new Partial(chunk.messageId(), chunk.count()));
            }
            Partial partial = partials.get(origin);
            if (partial == null || partial.messageId != chunk.messageId() || partial.nextIndex != chunk.index()
                    || partial.count != chunk.count()
                    || partial.bytes.size() + chunk.bytes().length > payloadBytesMax) {
                dropPartial(origin);
                dropped++;
                continue;
            }
            partial.bytes.write(chunk.bytes(), 0, chunk.bytes().length);
            partial.nextIndex++;
            if (partial.nextIndex == partial.count) {
                partials.remove(origin);
                complete.add(partial.bytes.toByteArray());
            }
        }
        return complete;
    }

    private void dropPartial(NodeId origin) {
        if (partials.remove(origin) != null) {
            dropped++;
        }
    }

    /** At a regular configuration every partial payload is dropped (senders restart them). */
    void dropAll() {
        dropped += partials.size();
        partials.clear();
    }

    long dropped() {
        return dropped;
    }

    void checkInvariants() {
        Check.that(partials.size() <= NodeId.VALUE_MAX, "more partial payloads than nodes");
    }
}
