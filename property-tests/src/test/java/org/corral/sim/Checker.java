package org.corral.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.sim.Payloads.MessageId;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TotemEvent.ConfigurationChange;
import org.corral.totem.core.TotemEvent.Delivered;

/**
 * The ground truth of a run and the guarantees of extended virtual synchrony checked against it
 * after every event (Moser et al., "Extended Virtual Synchrony", ICDCS 1994; corosync.md A1).
 * Each check throws {@link SimulationFailure} named after the guarantee it protects:
 * <ul>
 *   <li>{@value #TOTAL_ORDER}: agreed order of a ring's messages is the same at every process;</li>
 *   <li>{@value #NO_DUPLICATE}, {@value #NO_INVENTED}: each accepted message at most once, intact,
 *       from its real origin;</li>
 *   <li>{@value #MEMBERSHIP}: a message is delivered in the configuration it was sent in (or the
 *       transitional one after it), from a member of it;</li>
 *   <li>{@value #CONFIG_AGREEMENT}: every process that installs a ring id sees the same members;
 *       ring ids grow at a process and never reuse a persisted sequence;</li>
 *   <li>{@value #TRANSITIONAL}: between two regular configurations a transitional one, consistent
 *       with both;</li>
 *   <li>{@value #VIRTUAL_SYNCHRONY}: processes that move together from one configuration to the
 *       next delivered the same messages in it;</li>
 *   <li>{@value #SAFE}: with safe delivery, a message one member delivered is delivered by every
 *       member of that configuration that does not crash;</li>
 *   <li>{@value #PERSIST_BEFORE_SEND}: no packet leaves on a ring whose sequence the node has not
 *       persisted (checked by {@link Simulation} as it applies each output);</li>
 *   <li>{@value #SELF_DELIVERY}, {@value #LOST_WHILE_MEMBER}, {@value #LIVENESS}: end-of-run checks
 *       made by {@link Simulation} once faults have healed.</li>
 * </ul>
 */
public final class Checker {
    public static final String TOTAL_ORDER = "total-order";
    public static final String NO_DUPLICATE = "no-duplicate";
    public static final String NO_INVENTED = "no-invented";
    public static final String MEMBERSHIP = "membership";
    public static final String CONFIG_AGREEMENT = "config-agreement";
    public static final String TRANSITIONAL = "transitional";
    public static final String VIRTUAL_SYNCHRONY = "virtual-synchrony";
    public static final String SAFE = "safe-delivery";
    public static final String SELF_DELIVERY = "self-delivery";
    public static final String LOST_WHILE_MEMBER = "lost-while-member";
    public static final String LIVENESS = "liveness";
    public static final String PERSIST_BEFORE_SEND = "persist-before-send";

    /** What the checker knows of one process. */
    static final class ProcessView {
        final ProcessId id;
        final long persistedSeqAtStart;
        boolean crashed;
        RingId regularRing;
        List<NodeId> regularMembers = List.of();
        boolean inTransitional;
        List<NodeId> transitionalMembers = List.of();
        /** Delivered since the last regular configuration (regular part and transitional part). */
        Set<MessageId> deliveredInConfiguration = new LinkedHashSet<>();
        final Set<MessageId> deliveredEver = new HashSet<>();
        final Map<MessageId, String> accepted = new LinkedHashMap<>();
        /** The sets delivered in configurations this process has left, for late safe-delivery checks. */
        final Map<RingId, Set<MessageId>> closed = new HashMap<>();

        ProcessView(ProcessId id, long persistedSeqAtStart) {
            this.id = id;
            this.persistedSeqAtStart = persistedSeqAtStart;
        }
    }

    private record TransitionKey(String from, RingId to) {}

    private final boolean safeDelivery;
    private final Map<ProcessId, ProcessView> processes = new TreeMap<>();
    private final Map<MessageId, Integer> acceptedLengths = new HashMap<>();
    private final Map<RingId, List<NodeId>> ringMembers = new HashMap<>();
    private final Map<TransitionKey, List<NodeId>> transitionalMembers = new HashMap<>();
    private final Map<TransitionKey, Set<MessageId>> movedWith = new HashMap<>();
    private final Map<TransitionKey, ProcessId> movedFirst = new HashMap<>();
    private final Map<RingId, Set<MessageId>> safeDelivered = new HashMap<>();
    private final TotalOrderChecker order = new TotalOrderChecker();
    private long nowMs;
    private long deliveries;
    private long configurationChanges;

    public Checker(boolean safeDelivery) {
        this.safeDelivery = safeDelivery;
    }

    void at(long timeMs) {
        nowMs = timeMs;
    }

    void started(ProcessId id, long persistedSeq) {
        processes.put(id, new ProcessView(id, persistedSeq));
    }

    void crashed(ProcessId id) {
        view(id).crashed = true;
    }

    void accepted(ProcessId id, MessageId message, int lengthBytes) {
        acceptedLengths.put(message, lengthBytes);
        ProcessView p = view(id);
        p.accepted.put(message, "accepted at " + nowMs + " ms in " + p.regularRing + (p.inTransitional ? " (transitional)" : ""));
    }

    void delivered(ProcessId id, Delivered delivered) {
        ProcessView p = view(id);
        deliveries++;
        checkMembership(p, delivered);
        Optional<MessageId> decoded = Payloads.decode(delivered.payload());
        if (decoded.isEmpty()) {
            fail(NO_INVENTED, p.id + " delivered a payload of " + delivered.payload().length
                    + " bytes that no process submitted (header or filler corrupt)");
        }
        MessageId message = decoded.get();
        Integer length = acceptedLengths.get(message);
        if (length == null || length != delivered.payload().length) {
            fail(NO_INVENTED, p.id + " delivered " + message + " which was never accepted by a submit");
        }
        if (message.node() != delivered.origin().value()) {
            fail(NO_INVENTED, p.id + " delivered " + message + " with origin " + delivered.origin());
        }
        if (!p.deliveredEver.add(message)) {
            fail(NO_DUPLICATE, p.id + " delivered " + message + " twice");
        }
        String disorder = order.deliver(delivered.ring(), p.id, message);
        if (disorder != null) {
            fail(TOTAL_ORDER, disorder);
        }
        p.deliveredInConfiguration.add(message);
        if (safeDelivery && !p.inTransitional) {
            safeDelivered.computeIfAbsent(delivered.ring(), r -> new HashSet<>()).add(message);
            checkSafeAgainstDeparted(p, delivered.ring(), message);
        }
    }

    private void checkMembership(ProcessView p, Delivered delivered) {
        if (p.regularRing == null) {
            fail(MEMBERSHIP, p.id + " delivered a message from " + delivered.origin() + " before any configuration");
        }
        if (!delivered.ring().equals(p.regularRing)) {
            fail(MEMBERSHIP, p.id + " delivered a message of ring " + delivered.ring() + " while in ring " + p.regularRing);
        }
        // EVS: a message delivered in the transitional configuration was sent in the regular one
        // before it, so its origin is a member of that (corosync limits the messages after the
        // first hole to transitional origins, which ground truth cannot see; the safe path may
        // deliver messages below the hole from any old member there).
        if (!p.regularMembers.contains(delivered.origin())) {
            fail(MEMBERSHIP, p.id + " delivered a message from " + delivered.origin() + ", not a member of the configuration "
                    + p.regularRing + " " + p.regularMembers + " it was sent in");
        }
    }

    private void checkSafeAgainstDeparted(ProcessView p, RingId ring, MessageId message) {
        for (ProcessView q : processes.values()) {
            Set<MessageId> theirs = q.closed.get(ring);
            if (q != p && theirs != null && !theirs.contains(message)) {
                fail(SAFE, p.id + " delivered " + message + " as safe in " + ring + " but " + q.id
                        + " left that configuration without it");
            }
        }
    }

    void configurationChange(ProcessId id, ConfigurationChange change) {
        ProcessView p = view(id);
        configurationChanges++;
        NodeId self = NodeId.of(id.node());
        if (!change.members().contains(self)) {
            fail(CONFIG_AGREEMENT, p.id + " installed a " + change.type() + " configuration without itself: " + change);
        }
        if (!isSortedUnique(change.members())) {
            fail(CONFIG_AGREEMENT, p.id + " got an unsorted member list " + change.members());
        }
        if (change.type() == ConfigurationType.TRANSITIONAL) {
            transitional(p, change);
        } else {
            regular(p, change);
        }
    }

    private void transitional(ProcessView p, ConfigurationChange change) {
        if (p.inTransitional) {
            fail(TRANSITIONAL, p.id + " got two transitional configurations in a row");
        }
        if (p.regularRing == null) {
            if (!change.members().equals(List.of(NodeId.of(p.id.node())))) {
                fail(TRANSITIONAL, p.id + " has no old ring, yet its transitional configuration is " + change.members());
            }
        } else {
            if (!p.regularMembers.containsAll(change.members())) {
                fail(TRANSITIONAL, p.id + " transitional members " + change.members() + " are not all from its ring "
                        + p.regularMembers);
            }
            List<NodeId> left = minus(p.regularMembers, change.members());
            if (!left.equals(change.left())) {
                fail(TRANSITIONAL, p.id + " transitional left list " + change.left() + ", expected " + left);
            }
        }
        TransitionKey key = new TransitionKey(fromKey(p), change.ring());
        List<NodeId> agreed = transitionalMembers.putIfAbsent(key, change.members());
        if (agreed != null && !agreed.equals(change.members())) {
            fail(CONFIG_AGREEMENT, p.id + " transitional configuration " + change.members() + " from " + key.from
                    + " disagrees with " + agreed);
        }
        p.inTransitional = true;
        p.transitionalMembers = change.members();
    }

    private void regular(ProcessView p, ConfigurationChange change) {
        RingId ring = change.ring();
        if (p.regularRing != null && !p.inTransitional) {
            fail(TRANSITIONAL, p.id + " moved from " + p.regularRing + " to " + ring + " without a transitional configuration");
        }
        if (ring.seq() <= p.persistedSeqAtStart) {
            fail(CONFIG_AGREEMENT, p.id + " installed ring " + ring + " at or below the sequence "
                    + p.persistedSeqAtStart + " its node persisted before it started");
        }
        if (p.regularRing != null && ring.compareTo(p.regularRing) <= 0) {
            fail(CONFIG_AGREEMENT, p.id + " went from ring " + p.regularRing + " back to " + ring);
        }
        List<NodeId> agreed = ringMembers.putIfAbsent(ring, change.members());
        if (agreed != null && !agreed.equals(change.members())) {
            fail(CONFIG_AGREEMENT, p.id + " installed ring " + ring + " with " + change.members() + " but another process with " + agreed);
        }
        if (p.inTransitional) {
            if (!change.members().containsAll(p.transitionalMembers)) {
                fail(TRANSITIONAL, p.id + " transitional members " + p.transitionalMembers + " not all in the new ring " + change.members());
            }
            List<NodeId> joined = minus(change.members(), p.transitionalMembers);
            if (!joined.equals(change.joined())) {
                fail(TRANSITIONAL, p.id + " regular joined list " + change.joined() + ", expected " + joined);
            }
        }
        if (p.regularRing != null) {
            leaveConfiguration(p, ring);
        }
        p.regularRing = ring;
        p.regularMembers = change.members();
        p.inTransitional = false;
        p.transitionalMembers = List.of();
        p.deliveredInConfiguration = new LinkedHashSet<>();
    }

    private void leaveConfiguration(ProcessView p, RingId next) {
        TransitionKey key = new TransitionKey(fromKey(p), next);
        Set<MessageId> first = movedWith.putIfAbsent(key, p.deliveredInConfiguration);
        if (first != null && !first.equals(p.deliveredInConfiguration)) {
            fail(VIRTUAL_SYNCHRONY, p.id + " and " + movedFirst.get(key) + " moved together from " + p.regularRing + " to "
                    + next + " but delivered different messages there: " + difference(first, p.deliveredInConfiguration));
        }
        movedFirst.putIfAbsent(key, p.id);
        if (safeDelivery) {
            for (MessageId message : safeDelivered.getOrDefault(p.regularRing, Set.of())) {
                if (!p.deliveredInConfiguration.contains(message)) {
                    fail(SAFE, p.id + " left " + p.regularRing + " without " + message + ", which another member delivered as safe");
                }
            }
            p.closed.put(p.regularRing, p.deliveredInConfiguration);
        }
    }

    /** End of run: every live process delivered what it had accepted. */
    void checkSelfDelivery() {
        for (ProcessView p : processes.values()) {
            if (p.crashed) {
                continue;
            }
            for (Map.Entry<MessageId, String> message : p.accepted.entrySet()) {
                if (!p.deliveredEver.contains(message.getKey())) {
                    long others = processes.values().stream().filter(q -> q.deliveredEver.contains(message.getKey())).count();
                    fail(SELF_DELIVERY, p.id + " never delivered " + message.getKey() + ", " + message.getValue()
                            + "; it is now in " + p.regularRing + "; " + others + " other processes delivered it");
                }
            }
        }
    }

    /** End of run: the members of the final ring delivered the same messages in it. */
    void checkFinalRingAgreement() {
        ProcessView first = null;
        for (ProcessView p : processes.values()) {
            if (p.crashed || p.regularRing == null) {
                continue;
            }
            if (first != null && first.regularRing.equals(p.regularRing)
                    && !first.deliveredInConfiguration.equals(p.deliveredInConfiguration)) {
                fail(LOST_WHILE_MEMBER, p.id + " and " + first.id + " are both in " + p.regularRing
                        + " but delivered different messages in it: "
                        + difference(first.deliveredInConfiguration, p.deliveredInConfiguration));
            }
            if (first == null) {
                first = p;
            }
        }
        if (safeDelivery && first != null) {
            for (MessageId message : safeDelivered.getOrDefault(first.regularRing, Set.of())) {
                for (ProcessView p : processes.values()) {
                    if (!p.crashed && first.regularRing.equals(p.regularRing) && !p.deliveredInConfiguration.contains(message)) {
                        fail(SAFE, p.id + " is in " + p.regularRing + " and never delivered safe message " + message);
                    }
                }
            }
        }
    }

    /** Whether every live process has self-delivered and the final ring agrees (no throw). */
    boolean quiescent() {
        try {
            checkSelfDelivery();
            checkFinalRingAgreement();
            return true;
        } catch (SimulationFailure notYet) {
            return false;
        }
    }

    ProcessView view(ProcessId id) {
        ProcessView p = processes.get(id);
        if (p == null) {
            throw new IllegalStateException("unknown process " + id);
        }
        return p;
    }

    public long deliveries() {
        return deliveries;
    }

    public long configurationChanges() {
        return configurationChanges;
    }

    void fail(String checker, String detail) {
        throw new SimulationFailure(checker, nowMs, detail);
    }

    private static String fromKey(ProcessView p) {
        return p.regularRing == null ? "fresh " + p.id : p.regularRing.toString();
    }

    private static boolean isSortedUnique(List<NodeId> members) {
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i - 1).compareTo(members.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static List<NodeId> minus(List<NodeId> all, List<NodeId> removed) {
        List<NodeId> result = new ArrayList<>(all);
        result.removeAll(removed);
        return result;
    }

    private static String difference(Set<MessageId> a, Set<MessageId> b) {
        Set<MessageId> onlyA = new TreeSet<>(a);
        onlyA.removeAll(b);
        Set<MessageId> onlyB = new TreeSet<>(b);
        onlyB.removeAll(a);
        return "only the first has " + limit(onlyA) + ", only the second has " + limit(onlyB);
    }

    private static String limit(Set<MessageId> set) {
        List<MessageId> list = new ArrayList<>(set);
        return list.size() <= 5 ? list.toString() : list.subList(0, 5) + " and " + (list.size() - 5) + " more";
    }
}
