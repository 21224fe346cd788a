package org.corral.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.corral.sim.Payloads.MessageId;
import org.corral.totem.core.RingId;

/**
 * Agreed order within a configuration: no two processes deliver two messages of the same ring in
 * opposite orders. Processes may deliver different subsets (a transitional configuration skips
 * messages of departed originators), so the check is pairwise consistency of the common part.
 *
 * <p>Incremental, O(processes) per delivery: for each ordered pair (p, q) it keeps the highest
 * position in q's sequence of any message both have delivered. When p appends m that q already
 * has, q's position of m must exceed that mark, else some earlier message of p comes after m in q.
 */
final class TotalOrderChecker {
    private static final class RingOrder {
        final Map<ProcessId, Map<MessageId, Integer>> positions = new TreeMap<>();
        final Map<ProcessId, Map<ProcessId, Integer>> highestCommon = new TreeMap<>();
    }

    private final Map<RingId, RingOrder> rings = new HashMap<>();

    /** @return null when consistent, else why not. */
    String deliver(RingId ring, ProcessId process, MessageId message) {
        RingOrder order = rings.computeIfAbsent(ring, r -> new RingOrder());
        Map<MessageId, Integer> mine = order.positions.computeIfAbsent(process, p -> new HashMap<>());
        int myPosition = mine.size();
        mine.put(message, myPosition);
        Map<ProcessId, Integer> myMarks = order.highestCommon.computeIfAbsent(process, p -> new TreeMap<>());
        for (Map.Entry<ProcessId, Map<MessageId, Integer>> other : order.positions.entrySet()) {
            if (other.getKey().equals(process)) {
                continue;
            }
            Integer theirPosition = other.getValue().get(message);
            if (theirPosition == null) {
                continue;
            }
            int mark = myMarks.getOrDefault(other.getKey(), -1);
            if (theirPosition <= mark) {
                return process + " delivered " + message + " in ring " + ring + " after a message that "
                        + other.getKey() + " delivered after it";
            }
            myMarks.put(other.getKey(), theirPosition);
            order.highestCommon.computeIfAbsent(other.getKey(), p -> new TreeMap<>()).put(process, myPosition);
        }
        return null;
    }

    void forget(RingId ring) {
        rings.remove(ring);
    }
}
