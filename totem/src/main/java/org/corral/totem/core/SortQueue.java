package org.corral.totem.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.corral.totem.base.Check;

/**
 * The messages of one ring by sequence number (corosync {@code regular_sort_queue}), with the
 * receiver's view of it: {@code aru} (all received up to), the highest sequence received, the
 * highest delivered, and what has been released. Paper section 3.2.
 */
final class SortQueue {
    /** corosync's QUEUE_RTR_ITEMS_SIZE_MAX: the window of sequence numbers a node keeps. */
    static final int ITEMS_MAX = 16384;
    /** What ITEMS_MAX frames of corosync's 1500-byte MTU hold: the memory bound of the queue. */
    static final long BYTES_MAX = (long) ITEMS_MAX * TotemConfig.NET_MTU_DEFAULT;

    /**
     * How many frames a sender lets the queue run ahead of what every member has released: ITEMS_MAX
     * at corosync's MTU, fewer for larger frames so a stalled member cannot make every node hold
     * 16384 frames of 64 KB (1 GB) before fail_recv_const expires; never under four windows.
     */
    static int framesAheadMax(TotemConfig config) {
        long byBytes = BYTES_MAX / config.netMtu();
        return (int) Math.min(ITEMS_MAX, Math.max(4L * config.windowSize(), byBytes));
    }

    final RingId ringId;
    private final TreeMap<Long, Mcast> items = new TreeMap<>();
    /** How many token visits found each missing sequence still missing (miss_count_const). */
    private final TreeMap<Long, Integer> missCounts = new TreeMap<>();
    private long aru;
    private long highSeqReceived;
    private long highDelivered;
    private long lastReleased;

    SortQueue(RingId ringId) {
        this.ringId = ringId;
    }

    long aru() {
        return aru;
    }

    long highSeqReceived() {
        return highSeqReceived;
    }

    long highDelivered() {
        return highDelivered;
    }

    long lastReleased() {
        return lastReleased;
    }

    int size() {
        return items.size();
    }

    /** Stores a message of this ring; false when it is a duplicate or already released. */
    boolean add(Mcast message) {
        if (!(message.ringId().equals(ringId))) {
            Check.that(false, "message of ring " + message.ringId() + " in queue of " + ringId);
        }
        long seq = message.seq();
        if (seq <= lastReleased || items.containsKey(seq)) {
            return false;
        }
        if (seq > lastReleased + ITEMS_MAX) {
            // Beyond the window this node can hold: drop it; the rtr list will bring it back later.
            return false;
        }
        items.put(seq, message);
        missCounts.remove(seq);
        highSeqReceived = Math.max(highSeqReceived, seq);
        while (items.containsKey(aru + 1)) {
            aru++;
        }
        return true;
    }

    boolean has(long seq) {
        return items.containsKey(seq);
    }

    Mcast get(long seq) {
        return items.get(seq);
    }

    /** The next message in agreed order if it is present and at or below {@code limit}. */
    Mcast takeDeliverable(long limit) {
        long next = highDelivered + 1;
        if (next > limit || next > aru) {
            return null;
        }
        Mcast message = items.get(next);
        if (!(message != null)) {
            Check.that(false, "message " + next + " at or below aru " + aru + " is missing");
        }
        highDelivered = next;
        return message;
    }

    /** Frees messages every member has and this node delivered (corosync messages_free). */
    void release(long upTo) {
        long bound = Math.min(upTo, highDelivered);
        if (bound <= lastReleased) {
            return;
        }
        items.headMap(bound, true).clear();
        missCounts.headMap(bound, true).clear();
        lastReleased = bound;
    }

    /**
     * Counts one more miss for every hole in (aru, tokenSeq] and returns, in order, those missed
     * at least {@code missCountConst} times (reordering is tolerated before asking), at most
     * {@code limit} of them.
     */
    List<Long> missedEnough(long tokenSeq, int missCountConst, int limit) {
        List<Long> wanted = new ArrayList<>();
        long top = Math.min(tokenSeq, lastReleased + ITEMS_MAX);
        for (long seq = aru + 1; seq <= top; seq++) {
            if (items.containsKey(seq)) {
                continue;
            }
            int misses = missCounts.merge(seq, 1, Integer::sum);
            if (misses >= missCountConst && wanted.size() < limit) {
                wanted.add(seq);
            }
        }
        return wanted;
    }

    /** Messages above {@code seq}, in order (for recovery and the EVS delivery of an old ring). */
    Collection<Mcast> above(long seq) {
        return items.tailMap(seq, false).values();
    }

    /** The first sequence above {@code from} that is absent, i.e. the first hole. */
    long firstGapAbove(long from) {
        long seq = from + 1;
        while (items.containsKey(seq)) {
            seq++;
        }
        return seq;
    }

    void checkInvariants() {
        if (!(lastReleased <= highDelivered && highDelivered <= aru && aru <= highSeqReceived)) {
            // Built only on failure: these checks run after every event.
            Check.that(false, "queue counters out of order: released " + lastReleased + " delivered " + highDelivered
                    + " aru " + aru + " high " + highSeqReceived);
        }
        Check.that(items.size() <= ITEMS_MAX, "sort queue holds more than " + ITEMS_MAX);
        Map.Entry<Long, Mcast> first = items.firstEntry();
        Check.that(first == null || first.getKey() > lastReleased, "a released message is still held");
    }
}
