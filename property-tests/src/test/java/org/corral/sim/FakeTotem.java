package org.corral.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.Destination;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemConfig;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemState;

/**
 * A deliberately simple stand-in for totem, used to prove the simulator and its checkers: a fixed
 * sequencer (the lowest node it hears) orders every message, heartbeats detect failures, and the
 * sequencer announces each new membership. It is only correct on a network that neither loses
 * nor reorders packets, which is how the checker tests run it. {@link Fault} makes one node
 * ("the faulty node") break exactly one guarantee, so each checker can be shown to fail.
 */
public final class FakeTotem implements SimulatedNode {

    /** One way to break one guarantee, at the faulty node, on its third delivery unless said. */
    public enum Fault {
        NONE,
        /** Never delivers a transitional configuration. */
        SKIP_TRANSITIONAL,
        /** Delivers its 3rd and 4th messages swapped. */
        REORDER,
        /** Silently skips its 3rd message. */
        DROP_ONE,
        /** Delivers its 3rd message twice. */
        DUPLICATE,
        /** Flips a byte of its 3rd message. */
        CORRUPT,
        /** Delivers its 3rd message as coming from a node outside the configuration. */
        NON_MEMBER_ORIGIN,
        /** Leaves the highest other member out of the regular configurations it reports. */
        WRONG_MEMBERS,
        /** Numbers its rings from a private counter, forgetting the persisted and the seen sequences. */
        REUSE_RING_SEQ,
        /** Never notices that a node died, so never forms a smaller ring. */
        NEVER_REFORM,
        /** Drops its own messages when they come back ordered. */
        NO_SELF_DELIVERY,
        /** Announces a new ring before persisting its sequence (persists it one output later). */
        SEND_BEFORE_PERSIST
    }

    /** The fake's packets; they are not totem messages (that family is sealed) but travel the same network. */
    interface FakeMessage {
        int sizeBytes();
    }

    record Heartbeat(NodeId sender, long ringSeq) implements FakeMessage {
        public int sizeBytes() {
            return 32;
        }
    }

    record Submit(NodeId sender, long session, long localSeq, byte[] payload) implements FakeMessage {
        public int sizeBytes() {
            return 40 + payload.length;
        }
    }

    record Ordered(NodeId sender, RingId ring, long seq, NodeId origin, long session, long localSeq, byte[] payload)
            implements FakeMessage {
        public int sizeBytes() {
            return 64 + payload.length;
        }
    }

    record NewRing(NodeId sender, RingId ring, List<NodeId> members) implements FakeMessage {
        public int sizeBytes() {
            return 32 + 4 * members.size();
        }
    }

    private record Key(long session, long localSeq) {}

    private final TotemConfig config;
    private final NodeId self;
    private final Fault fault;
    private final boolean faulty;
    private final long session;
    private final long heartbeatMs;
    private long nowMs;
    private long lastHeartbeatMs = Long.MIN_VALUE / 2;
    private long highestSeqSeen;
    private long privateRingCounter;
    private boolean memberAhead;
    private long persistLater = -1;
    private final Map<NodeId, Long> lastHeard = new TreeMap<>();
    private RingId ring;
    private List<NodeId> members = List.of();
    private long nextSeqToAssign = 1;
    private long nextSeqToDeliver = 1;
    private final TreeMap<Long, Ordered> received = new TreeMap<>();
    private final Set<Key> deliveredKeys = new HashSet<>();
    private final Map<Long, byte[]> ownPending = new LinkedHashMap<>();
    private long localSeq;
    private int deliveriesSeen;
    private Ordered heldBack;
    private OptionalLong persist = OptionalLong.empty();
    private final List<SimOutput.Packet> sends = new ArrayList<>();
    private final List<TotemEvent> events = new ArrayList<>();

    public FakeTotem(TotemConfig config, long persistedRingSeq, RandomGenerator random, Fault fault, NodeId faultyNode) {
        this.config = config;
        this.self = config.self();
        this.fault = fault;
        this.faulty = self.equals(faultyNode);
        this.session = random.nextLong();
        this.heartbeatMs = Math.max(1, config.tokenTimeoutMs() / 4);
        this.highestSeqSeen = persistedRingSeq;
    }

    /** A factory for a world of fakes, {@code faultyNode} breaking {@code fault}. */
    public static NodeFactory factory(Fault fault, NodeId faultyNode) {
        return (config, persisted, random) -> new FakeTotem(config, persisted, random, fault, faultyNode);
    }

    @Override
    public void start(long now) {
        tick(now);
    }

    @Override
    public void tick(long now) {
        nowMs = now;
        if (!(faulty && fault == Fault.NEVER_REFORM)) {
            lastHeard.values().removeIf(heard -> nowMs - heard > config.tokenTimeoutMs());
        }
        List<NodeId> alive = new ArrayList<>(lastHeard.keySet());
        alive.add(self);
        alive.sort(null);
        if (alive.get(0).equals(self) && (!alive.equals(members) || memberAhead)) {
            memberAhead = false;
            long seq = faulty && fault == Fault.REUSE_RING_SEQ ? (privateRingCounter += 4) : highestSeqSeen + 4;
            RingId next = new RingId(self, seq);
            if (faulty && fault == Fault.SEND_BEFORE_PERSIST) {
                persistLater = seq;
            } else {
                persist = OptionalLong.of(seq);
            }
            send(Destination.ALL, new NewRing(self, next, List.copyOf(alive)));
            install(next, List.copyOf(alive));
        }
        // After forming, so that the heartbeat carries the ring a new sequencer must outnumber.
        if (nowMs - lastHeartbeatMs >= heartbeatMs) {
            lastHeartbeatMs = nowMs;
            send(Destination.ALL, new Heartbeat(self, ring == null ? 0 : ring.seq()));
        }
    }

    @Override
    public void receive(int ringNumber, NodeId source, Object message) {
        if (message instanceof Heartbeat heartbeat) {
            lastHeard.put(heartbeat.sender(), nowMs);
            highestSeqSeen = Math.max(highestSeqSeen, heartbeat.ringSeq());
            // A member that sits in a newer ring than mine refused my announcement: announce again, higher.
            memberAhead |= ring != null && members.contains(heartbeat.sender()) && heartbeat.ringSeq() > ring.seq();
        } else if (message instanceof NewRing newRing) {
            highestSeqSeen = Math.max(highestSeqSeen, newRing.ring().seq());
            if (newRing.members().contains(self) && (ring == null || newRing.ring().compareTo(ring) > 0)) {
                persist = OptionalLong.of(newRing.ring().seq());
                install(newRing.ring(), newRing.members());
            }
        } else if (message instanceof Submit submit) {
            order(submit.sender(), submit.session(), submit.localSeq(), submit.payload());
        } else if (message instanceof Ordered ordered && ordered.ring().equals(ring)) {
            received.put(ordered.seq(), ordered);
            deliverInOrder();
        }
    }

    @Override
    public SubmitResult submit(byte[] payload) {
        if (payload.length > config.payloadBytesMax()) {
            return SubmitResult.TOO_LARGE;
        }
        if (ownPending.size() >= config.submitQueueMax() * 3 / 4) {
            return SubmitResult.TRY_AGAIN;
        }
        long seq = ++localSeq;
        ownPending.put(seq, payload);
        if (ring != null) {
            forward(seq, payload);
        }
        return SubmitResult.ACCEPTED;
    }

    @Override
    public void leave() {
        // The fake has no LEAVE message: the others notice the silence.
    }

    @Override
    public SimOutput takeOutput() {
        SimOutput output = new SimOutput(persist, sends, events);
        persist = persistLater < 0 ? OptionalLong.empty() : OptionalLong.of(persistLater);
        persistLater = -1;
        sends.clear();
        events.clear();
        return output;
    }

    @Override
    public TotemState state() {
        return ring == null ? TotemState.GATHER : TotemState.OPERATIONAL;
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of();
    }

    private void send(Destination destination, FakeMessage message) {
        long ringSeq = message instanceof NewRing newRing ? newRing.ring().seq()
                : message instanceof Ordered ordered ? ordered.ring().seq() : SimOutput.Packet.NO_RING;
        sends.add(new SimOutput.Packet(0, destination, message, message.sizeBytes(), ringSeq));
    }

    private void install(RingId next, List<NodeId> nextMembers) {
        List<NodeId> transitional = new ArrayList<>();
        if (ring == null) {
            transitional.add(self);
        } else {
            for (NodeId member : nextMembers) {
                if (members.contains(member)) {
                    transitional.add(member);
                }
            }
        }
        List<NodeId> left = new ArrayList<>(ring == null ? List.of() : members);
        left.removeAll(transitional);
        List<NodeId> joined = new ArrayList<>(nextMembers);
        joined.removeAll(transitional);
        if (!(faulty && fault == Fault.SKIP_TRANSITIONAL)) {
            events.add(new TotemEvent.ConfigurationChange(ConfigurationType.TRANSITIONAL, next, transitional, left, List.of()));
        }
        List<NodeId> reported = new ArrayList<>(nextMembers);
        if (faulty && fault == Fault.WRONG_MEMBERS && reported.size() >= 3) {
            reported.remove(reported.size() - 1);
            joined.retainAll(reported);
        }
        events.add(new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR, next, reported, List.of(), joined));
        ring = next;
        members = nextMembers;
        highestSeqSeen = Math.max(highestSeqSeen, next.seq());
        nextSeqToAssign = 1;
        nextSeqToDeliver = 1;
        received.clear();
        ownPending.forEach(this::forward);
    }

    private void forward(long seq, byte[] payload) {
        NodeId sequencer = members.get(0);
        if (sequencer.equals(self)) {
            order(self, session, seq, payload);
        } else {
            send(Destination.to(sequencer), new Submit(self, session, seq, payload));
        }
    }

    private void order(NodeId origin, long originSession, long originSeq, byte[] payload) {
        if (ring == null || !members.get(0).equals(self) || !members.contains(origin)) {
            return;
        }
        Ordered ordered = new Ordered(self, ring, nextSeqToAssign++, origin, originSession, originSeq, payload);
        send(Destination.ALL, ordered);
        received.put(ordered.seq(), ordered);
        deliverInOrder();
    }

    private void deliverInOrder() {
        while (received.containsKey(nextSeqToDeliver)) {
            Ordered ordered = received.remove(nextSeqToDeliver++);
            if (!deliveredKeys.add(new Key(ordered.session(), ordered.localSeq()))) {
                continue;
            }
            if (ordered.origin().equals(self)) {
                ownPending.remove(ordered.localSeq());
                if (faulty && fault == Fault.NO_SELF_DELIVERY) {
                    continue;
                }
            }
            emit(ordered);
        }
    }

    /** Hands one ordered message up, bending it at the faulty node's third delivery. */
    private void emit(Ordered ordered) {
        deliveriesSeen++;
        TotemEvent.Delivered delivered = new TotemEvent.Delivered(ordered.origin(), ordered.ring(), ordered.payload());
        if (!faulty || deliveriesSeen < 3 || fault == Fault.NONE) {
            flushHeldBack(delivered);
            return;
        }
        if (deliveriesSeen == 3) {
            switch (fault) {
                case REORDER -> heldBack = ordered;
                case DROP_ONE -> { }
                case DUPLICATE -> {
                    events.add(delivered);
                    events.add(delivered);
                }
                case CORRUPT -> {
                    byte[] bent = ordered.payload().clone();
                    bent[bent.length - 1] ^= 0x5a;
                    events.add(new TotemEvent.Delivered(ordered.origin(), ordered.ring(), bent));
                }
                case NON_MEMBER_ORIGIN -> events.add(new TotemEvent.Delivered(NodeId.of(NodeId.VALUE_MAX), ordered.ring(),
                        ordered.payload()));
                default -> events.add(delivered);
            }
            return;
        }
        flushHeldBack(delivered);
    }

    private void flushHeldBack(TotemEvent.Delivered delivered) {
        events.add(delivered);
        if (heldBack != null) {
            events.add(new TotemEvent.Delivered(heldBack.origin(), heldBack.ring(), heldBack.payload()));
            heldBack = null;
        }
    }
}
