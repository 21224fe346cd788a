package org.corral.totem.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.corral.totem.base.Check;

/**
 * The bounded queue of submitted payloads and the packing/fragmentation of them into mcast
 * bodies of at most one MTU (the job of corosync's totempg). Small payloads are packed several to
 * a frame; a payload larger than a frame is cut into fragments, one per frame, reassembled by
 * {@link Reassembler}. The queue is measured in frames and answers TRY_AGAIN at 75% full.
 */
final class Fragmenter {
    /** IP + UDP headers and the secauth reserve of corosync 2 (aes256/sha1): what an MTU loses. */
    static final int TRANSPORT_OVERHEAD_BYTES = 28 + 72;

    private final int frameBodyBytesMax;
    private final int framesMax;
    /** The queue's memory bound: framesMax frames of corosync's 1500-byte MTU, whatever the MTU. */
    private final long bytesMax;
    private final int payloadBytesMax;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long nextMessageId;
    private int queuedFrames;
    private long queuedBytes;
    /** Fragments of the head message already handed out (0 when it has not started). */
    private int headFragmentsSent;

    private record Pending(long messageId, byte[] payload, int fragments) {}

    Fragmenter(TotemConfig config) {
        frameBodyBytesMax = config.netMtu() - TRANSPORT_OVERHEAD_BYTES - TotemMessage.HEADER_BYTES - Mcast.MCAST_HEADER_BYTES;
        Check.argument(frameBodyBytesMax > Mcast.CHUNK_HEADER_BYTES, "netmtu " + config.netMtu() + " leaves no room for data");
        framesMax = config.submitQueueMax();
        bytesMax = (long) framesMax * TotemConfig.NET_MTU_DEFAULT;
        payloadBytesMax = config.payloadBytesMax();
    }

    int frameBodyBytesMax() {
        return frameBodyBytesMax;
    }

    /** How many frames a payload of this size needs when it travels alone. */
    int framesFor(int payloadBytes) {
        int room = frameBodyBytesMax - Mcast.CHUNK_HEADER_BYTES;
        return payloadBytes <= room ? 1 : (payloadBytes + room - 1) / room;
    }

    SubmitResult offer(byte[] payload) {
        if (payload.length > payloadBytesMax || framesFor(payload.length) > framesMax || payload.length > bytesMax) {
            return SubmitResult.TOO_LARGE;
        }
        int frames = framesFor(payload.length);
        // totempg's TOTEM_Q_LEVEL_CRITICAL: at 75% (of the frames or of the bytes, whichever
        // fills first: large frames hold many bytes each) the caller must come back later.
        if ((long) queuedFrames * 4 >= (long) framesMax * 3 || queuedFrames + frames > framesMax
                || queuedBytes * 4 >= bytesMax * 3 || queuedBytes + payload.length > bytesMax) {
            return SubmitResult.TRY_AGAIN;
        }
        queue.addLast(new Pending(nextMessageId++, payload.clone(), frames));
        queuedFrames += frames;
        queuedBytes += payload.length;
        return SubmitResult.ACCEPTED;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Frames still to send: the backlog of flow control. */
    int queuedFrames() {
        return queuedFrames;
    }

    /** The next mcast body: packed whole payloads, or one fragment of a large payload. */
    Mcast.Packed nextFrame() {
        Check.that(!queue.isEmpty(), "no frame to send");
        Pending head = queue.peekFirst();
        if (head.fragments() > 1) {
            return new Mcast.Packed(List.of(nextFragment(head)));
        }
        List<Mcast.Chunk> chunks = new ArrayList<>();
        int used = 0;
        while (!queue.isEmpty()) {
            Pending next = queue.peekFirst();
            int size = Mcast.CHUNK_HEADER_BYTES + next.payload().length;
            if (next.fragments() > 1 || used + size > frameBodyBytesMax) {
                break;
            }
            queue.removeFirst();
            queuedFrames--;
            queuedBytes -= next.payload().length;
            chunks.add(new Mcast.Chunk(next.messageId(), 0, 1, next.payload()));
            used += size;
        }
        return new Mcast.Packed(chunks);
    }

    private Mcast.Chunk nextFragment(Pending head) {
        int room = frameBodyBytesMax - Mcast.CHUNK_HEADER_BYTES;
        int index = headFragmentsSent;
        int from = index * room;
        int to = Math.min(head.payload().length, from + room);
        Mcast.Chunk chunk = new Mcast.Chunk(head.messageId(), index, head.fragments(),
                Arrays.copyOfRange(head.payload(), from, to));
        queuedFrames--;
        headFragmentsSent++;
        if (headFragmentsSent == head.fragments()) {
            queue.removeFirst();
            queuedBytes -= head.payload().length;
            headFragmentsSent = 0;
        }
        return chunk;
    }

    /**
     * A configuration change cut a fragmented payload: receivers drop partial reassemblies at the
     * regular configuration, so the payload starts again from its first fragment on the new ring.
     */
    void restartPartial() {
        queuedFrames += headFragmentsSent;
        headFragmentsSent = 0;
    }

    void checkInvariants() {
        if (queuedFrames < 0 || queuedFrames > framesMax) {
            // Built only on failure: these checks run after every event.
            Check.that(false, "queued frames " + queuedFrames + " outside 0.." + framesMax);
        }
        Check.that(queue.isEmpty() == (queuedFrames == 0), "frame count disagrees with the queue");
        Check.that(queuedBytes >= 0 && queuedBytes <= bytesMax && (!queue.isEmpty() || queuedBytes == 0),
                "queued bytes outside 0..bytesMax or left over from an empty queue");
    }
}
