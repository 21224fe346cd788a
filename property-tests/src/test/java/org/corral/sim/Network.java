package org.corral.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.corral.totem.core.NodeId;

/**
 * The simulated network: one {@link LinkState} per ring and per direction (from, to). It decides,
 * from its own seeded generator, whether each copy of a packet is lost, duplicated, delayed (so
 * reordered), queued behind earlier packets (capacity), held back (clogged) or cut (partition).
 */
public final class Network {
    public static final int RINGS_MAX = 2;

    private final SplittableRandom random;
    private final LinkState base;
    /** Keyed ring, from, to in one long so that iteration is deterministic. */
    private final Map<Long, LinkState> links = new TreeMap<>();
    private long packetsSent;
    private long copiesLost;
    private long copiesDuplicated;
    private long bytesSent;

    public Network(SplittableRandom random, LinkState base) {
        this.random = random;
        this.base = new LinkState(base);
    }

    public static LinkState conditions() {
        return new LinkState(null);
    }

    /** The base every link starts from and returns to on {@link #heal}. */
    public LinkState base() {
        return base;
    }

    public LinkState link(int ring, NodeId from, NodeId to) {
        if (ring < 0 || ring >= RINGS_MAX) {
            throw new IllegalArgumentException("ring " + ring + " outside 0.." + (RINGS_MAX - 1));
        }
        return links.computeIfAbsent(key(ring, from, to), k -> new LinkState(base));
    }

    /** Both directions of a link on every ring. */
    public List<LinkState> bothWays(NodeId a, NodeId b) {
        List<LinkState> result = new ArrayList<>();
        for (int ring = 0; ring < RINGS_MAX; ring++) {
            result.add(link(ring, a, b));
            result.add(link(ring, b, a));
        }
        return result;
    }

    /** Cuts every link between different groups, both ways, on every ring; links within a group are left alone. */
    public void partition(List<? extends Collection<NodeId>> groups) {
        for (int i = 0; i < groups.size(); i++) {
            for (int j = i + 1; j < groups.size(); j++) {
                for (NodeId a : groups.get(i)) {
                    for (NodeId b : groups.get(j)) {
                        bothWays(a, b).forEach(link -> link.cut(true));
                    }
                }
            }
        }
    }

    /** Every link back to the base conditions: partitions, clogs and extra loss are gone. */
    public void heal() {
        for (LinkState link : links.values()) {
            long busy = link.busyUntilMs;
            link.copyFrom(base);
            link.busyUntilMs = busy;
        }
    }

    /**
     * The arrival times of the copies of one packet of {@code sizeBytes} sent at {@code nowMs}
     * over one direction of a link: empty if lost, two if duplicated.
     */
    long[] transmit(long nowMs, int ring, NodeId from, NodeId to, int sizeBytes) {
        LinkState link = link(ring, from, to);
        bytesSent += sizeBytes;
        if (link.cut || (link.lossRate > 0 && random.nextDouble() < link.lossRate)) {
            copiesLost++;
            return new long[0];
        }
        long departure = nowMs;
        if (link.bytesPerMs > 0) {
            long start = Math.max(nowMs, link.busyUntilMs);
            if ((start - nowMs) * link.bytesPerMs + sizeBytes > link.queueBytesMax) {
                copiesLost++; // the port's buffer is full: tail drop
                return new long[0];
            }
            departure = start + (sizeBytes + link.bytesPerMs - 1) / link.bytesPerMs;
            link.busyUntilMs = departure;
        }
        long arrival = Math.max(departure + delay(link), link.cloggedUntilMs);
        if (link.duplicateRate > 0 && random.nextDouble() < link.duplicateRate) {
            copiesDuplicated++;
            return new long[] {arrival, Math.max(departure + delay(link), link.cloggedUntilMs)};
        }
        return new long[] {arrival};
    }

    void countPacket() {
        packetsSent++;
    }

    private long delay(LinkState link) {
        long span = link.delayMaxMs - link.delayMinMs;
        return link.delayMinMs + (span == 0 ? 0 : random.nextLong(span + 1));
    }

    /** Packets handed to the network (a multicast counts once, as on a real wire). */
    public long packetsSent() {
        return packetsSent;
    }

    public long copiesLost() {
        return copiesLost;
    }

    public long copiesDuplicated() {
        return copiesDuplicated;
    }

    public long bytesSent() {
        return bytesSent;
    }

    private static long key(int ring, NodeId from, NodeId to) {
        return ((long) ring << 40) | ((long) from.value() << 20) | to.value();
    }
}
