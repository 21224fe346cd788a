package org.corral.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.corral.sim.EventQueue.Arrival;
import org.corral.sim.EventQueue.Control;
import org.corral.sim.EventQueue.Scheduled;
import org.corral.sim.EventQueue.Tick;
import org.corral.sim.NodeHost.Status;
import org.corral.sim.Payloads.MessageId;
import org.corral.totem.core.Destination;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemEvent.ConfigurationChange;
import org.corral.totem.core.TotemEvent.Delivered;
import org.corral.totem.core.TotemState;

/**
 * A deterministic world of 1..32 totem nodes on one thread. Everything happens as an event of
 * {@link EventQueue}, in (virtual time, insertion) order; every random choice is drawn from
 * generators split off the one seed. Each processor's effects are applied as its contract says
 * (persist, then send, then deliver) and every delivery and configuration change goes through
 * the {@link Checker} as it happens.
 */
public final class Simulation {
    private final SimOptions options;
    private final NodeFactory factory;
    private final long seed;
    private final SplittableRandom random;
    private final EventQueue queue = new EventQueue();
    private final Network network;
    private final Checker checker;
    private final Trace trace;
    private final Map<NodeId, NodeHost> hosts = new TreeMap<>();
    private final Map<String, Long> packetsByKind = new TreeMap<>();
    private long nowMs;
    private long submitsAccepted;
    private long submitsRefused;
    private boolean traceLogs;

    public Simulation(SimOptions options, NodeFactory factory, long seed) {
        this.options = options;
        this.factory = factory;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.network = new Network(random.split(), options.baseLink());
        this.checker = new Checker(options.config().safeDelivery());
        this.trace = new Trace(options.keepTrace());
        for (int i = 1; i <= options.nodeCount(); i++) {
            NodeId id = NodeId.of(i);
            long offset = options.clockOffsetMaxMs() == 0 ? 0 : random.nextLong(options.clockOffsetMaxMs() + 1);
            int drift = options.driftPpmMax() == 0 ? 0 : random.nextInt(-options.driftPpmMax(), options.driftPpmMax() + 1);
            long tick = options.tickMinMs() + random.nextLong(options.tickMaxMs() - options.tickMinMs() + 1);
            hosts.put(id, new NodeHost(id, options.config().withSelf(id), offset, drift, tick));
        }
    }

    /** Also print the processors' NOTICE and louder log lines in the trace (replays). */
    public void traceLogs(boolean on) {
        traceLogs = on;
    }

    // ---------------------------------------------------------------- scenario actions

    /** Runs {@code action} at virtual time {@code atMs}, in order with everything else. */
    public void schedule(long atMs, String label, Runnable action) {
        if (atMs < nowMs) {
            throw new IllegalArgumentException("cannot schedule '" + label + "' at " + atMs + " ms, now is " + nowMs);
        }
        queue.add(atMs, new Control(label, action));
    }

    /** Powers a node on (first start or restart): a new process from the persisted ring seq. */
    public void start(NodeId id) {
        NodeHost host = host(id);
        if (host.status != Status.DOWN) {
            throw new IllegalStateException("node " + id + " is already " + host.status);
        }
        host.incarnation++;
        host.status = Status.RUNNING;
        host.process = factory.create(host.config, host.persistedRingSeq, random.split());
        checker.started(host.processId(), host.persistedRingSeq);
        note("start " + id + (host.incarnation > 1 ? " (incarnation " + host.incarnation + ", ring seq " + host.persistedRingSeq + ")" : ""));
        long local = host.localTime(nowMs);
        call(host, () -> host.process.start(local));
        queue.add(nowMs + host.tickIntervalMs, new Tick(id, host.incarnation));
    }

    /** Power loss: the process and its memory are gone; only the persisted ring seq remains. */
    public void crash(NodeId id) {
        NodeHost host = host(id);
        if (host.status == Status.DOWN) {
            return;
        }
        note("crash " + id);
        stop(host);
    }

    /** A clean leave (cman_tool leave): the processor sends its LEAVE, then the process exits. */
    public void leave(NodeId id) {
        NodeHost host = host(id);
        if (host.status != Status.RUNNING) {
            return;
        }
        note("leave " + id);
        call(host, host.process::leave);
        stop(host);
    }

    private void stop(NodeHost host) {
        checker.crashed(host.processId());
        host.status = Status.DOWN;
        host.process = null;
        host.frozenInbox.clear();
        host.frozenInboxBytes = 0;
    }

    /** SIGSTOP: the process runs nothing; packets wait in its socket buffer (bounded). */
    public void freeze(NodeId id) {
        NodeHost host = host(id);
        if (host.status == Status.RUNNING) {
            note("freeze " + id);
            host.status = Status.FROZEN;
        }
    }

    /** SIGCONT: time jumps (one tick fires every expired timeout), then the buffered packets. */
    public void thaw(NodeId id) {
        NodeHost host = host(id);
        if (host.status != Status.FROZEN) {
            return;
        }
        note("thaw " + id);
        host.status = Status.RUNNING;
        long local = host.localTime(nowMs);
        call(host, () -> host.process.tick(local));
        while (!host.frozenInbox.isEmpty() && host.status == Status.RUNNING) {
            Arrival arrival = host.frozenInbox.poll();
            call(host, () -> host.process.receive(arrival.ring(), arrival.from(), arrival.message()));
        }
        host.frozenInboxBytes = 0;
        queue.add(nowMs + host.tickIntervalMs, new Tick(id, host.incarnation));
    }

    /** Submits one application message of {@code lengthBytes} at a running node. */
    public SubmitResult submit(NodeId id, int lengthBytes) {
        NodeHost host = host(id);
        if (host.status != Status.RUNNING) {
            return SubmitResult.TRY_AGAIN;
        }
        MessageId message = new MessageId(id.value(), host.incarnation, ++host.submitCounter);
        byte[] payload = Payloads.encode(message, lengthBytes);
        SubmitResult result;
        try {
            result = host.process.submit(payload);
        } catch (RuntimeException bug) {
            throw new SimulationFailure("processor", nowMs, "node " + id + " threw " + bug + " on submit", bug);
        }
        trace.mix(nowMs, id.value(), message.counter(), lengthBytes, result.ordinal());
        // Recorded before the output is applied: a one-node ring may deliver within the same call.
        if (result == SubmitResult.ACCEPTED) {
            submitsAccepted++;
            checker.accepted(host.processId(), message, lengthBytes);
        } else {
            submitsRefused++;
            if (result == SubmitResult.TOO_LARGE && lengthBytes <= host.config.payloadBytesMax()) {
                checker.fail("submit", "node " + id + " refused " + lengthBytes + " bytes as too large (limit "
                        + host.config.payloadBytesMax() + ")");
            }
        }
        call(host, () -> { });
        return result;
    }

    public void partition(List<? extends Collection<NodeId>> groups) {
        note("partition " + groups);
        network.partition(groups);
    }

    public void heal() {
        note("heal");
        network.heal();
    }

    // ---------------------------------------------------------------- running

    /** Processes every event up to and including {@code untilMs}; virtual time ends at untilMs. */
    public void runUntil(long untilMs) {
        runUntil(untilMs, () -> false);
    }

    /**
     * Processes events up to {@code untilMs} or until {@code stop} holds after an event.
     * @return whether {@code stop} became true
     */
    public boolean runUntil(long untilMs, BooleanSupplier stop) {
        while (true) {
            Scheduled next = queue.peek();
            if (next == null || next.timeMs() > untilMs) {
                nowMs = Math.max(nowMs, untilMs);
                return false;
            }
            queue.poll();
            nowMs = next.timeMs();
            checker.at(nowMs);
            dispatch(next.event());
            if (stop.getAsBoolean()) {
                return true;
            }
        }
    }

    private void dispatch(EventQueue.Event event) {
        if (event instanceof Tick tick) {
            NodeHost host = host(tick.node());
            if (host.status != Status.RUNNING || host.incarnation != tick.incarnation()) {
                return; // crashed or frozen: thaw and restart schedule their own ticks
            }
            long local = host.localTime(nowMs);
            call(host, () -> host.process.tick(local));
            queue.add(nowMs + host.tickIntervalMs, new Tick(host.id, host.incarnation));
        } else if (event instanceof Arrival arrival) {
            arrive(arrival);
        } else if (event instanceof Control control) {
            if (control.label().isEmpty()) {
                trace.mix(nowMs); // workload: hashed, too many to print
            } else {
                trace.line("@" + nowMs + " " + control.label());
            }
            control.action().run();
        }
    }

    private void arrive(Arrival arrival) {
        NodeHost host = host(arrival.to());
        if (host.status == Status.DOWN) {
            return;
        }
        trace.mix(nowMs, arrival.ring(), arrival.from().value(), arrival.to().value(),
                arrival.message().getClass().getSimpleName().hashCode(), arrival.sizeBytes());
        if (host.status == Status.FROZEN) {
            int size = arrival.sizeBytes();
            if (host.frozenInboxBytes + size <= NodeHost.FROZEN_INBOX_BYTES_MAX) {
                host.frozenInbox.add(arrival);
                host.frozenInboxBytes += size;
            }
            return;
        }
        call(host, () -> host.process.receive(arrival.ring(), arrival.from(), arrival.message()));
    }

    /** Calls into a processor and applies its output; a processor exception is a failure, not a crash of the test. */
    private void call(NodeHost host, Runnable call) {
        try {
            call.run();
            apply(host, host.process.takeOutput());
        } catch (SimulationFailure failure) {
            throw failure;
        } catch (RuntimeException bug) {
            throw new SimulationFailure("processor", nowMs, "node " + host.id + " threw " + bug, bug);
        }
    }

    private void apply(NodeHost host, SimOutput output) {
        if (output.ringSeqToPersist().isPresent()) {
            long seq = output.ringSeqToPersist().getAsLong();
            if (seq < host.persistedRingSeq) {
                checker.fail(Checker.CONFIG_AGREEMENT, "node " + host.id + " persisted ring seq " + seq
                        + " below its earlier " + host.persistedRingSeq);
            }
            host.persistedRingSeq = seq;
        }
        for (SimOutput.Packet send : output.sends()) {
            if (send.ringSeq() > host.persistedRingSeq) {
                checker.fail(Checker.PERSIST_BEFORE_SEND, "node " + host.id + " sent " + send.message().getClass().getSimpleName()
                        + " on ring seq " + send.ringSeq() + " having persisted only " + host.persistedRingSeq
                        + ": after a crash it could reuse that ring");
            }
            transmit(host, send);
        }
        ProcessId process = host.processId();
        for (TotemEvent event : output.events()) {
            if (event instanceof Delivered delivered) {
                trace.mix(nowMs, host.id.value(), delivered.origin().value(), delivered.payload().length,
                        Arrays.hashCode(delivered.payload()));
                checker.delivered(process, delivered);
            } else if (event instanceof ConfigurationChange change) {
                trace.line("n" + host.id + " " + change.type() + " " + change.ring() + " members=" + change.members()
                        + (change.left().isEmpty() ? "" : " left=" + change.left())
                        + (change.joined().isEmpty() ? "" : " joined=" + change.joined()));
                checker.configurationChange(process, change);
            } else if (event instanceof TotemEvent.Log log) {
                if (traceLogs && log.level().compareTo(TotemEvent.Level.NOTICE) >= 0) {
                    trace.line("@" + nowMs + " n" + host.id + " " + log.level() + " " + log.text());
                } else {
                    trace.mix(nowMs, host.id.value(), log.text().hashCode());
                }
            }
        }
    }

    private void transmit(NodeHost host, SimOutput.Packet send) {
        Object message = send.message();
        if (queue.size() > EventQueue.EVENTS_MAX - 100 * SimOptions.NODES_MAX) {
            checker.fail("runaway", "node " + host.id + " keeps sending (" + message.getClass().getSimpleName()
                    + " now); " + queue.size() + " events pending; packets sent so far by kind: " + packetsByKind);
        }
        network.countPacket();
        packetsByKind.merge(message.getClass().getSimpleName(), 1L, Long::sum);
        if (send.destination() instanceof Destination.ToNode toNode) {
            NodeId target = toNode.target();
            if (!hosts.containsKey(target)) {
                checker.fail("send", "node " + host.id + " sent to unknown node " + target);
            }
            if (target.equals(host.id)) {
                queue.add(nowMs, new Arrival(send.ring(), host.id, target, message, send.sizeBytes()));
            } else {
                copy(send.ring(), host.id, target, message, send.sizeBytes());
            }
            return;
        }
        for (NodeId target : hosts.keySet()) {
            if (!target.equals(host.id)) {
                copy(send.ring(), host.id, target, message, send.sizeBytes());
            } else if (options.loopback()) {
                queue.add(nowMs, new Arrival(send.ring(), host.id, target, message, send.sizeBytes()));
            }
        }
    }

    private void copy(int ring, NodeId from, NodeId to, Object message, int sizeBytes) {
        for (long arrival : network.transmit(nowMs, ring, from, to, sizeBytes)) {
            queue.add(arrival, new Arrival(ring, from, to, message, sizeBytes));
        }
    }

    /**
     * The end of a scenario, called once every fault has healed: within {@code convergeBoundMs}
     * every running node must be in one ring ({@link Checker#LIVENESS}); then, within
     * {@code quiesceBoundMs}, every accepted message must be self-delivered and the final ring's
     * members must agree on what they delivered in it.
     *
     * @return the virtual time from the call to convergence
     */
    public long settle(long convergeBoundMs, long quiesceBoundMs) {
        long healedAtMs = nowMs;
        if (!runUntil(healedAtMs + convergeBoundMs, throttled(this::converged))) {
            checker.fail(Checker.LIVENESS, "the running nodes are not one ring " + convergeBoundMs
                    + " ms after the faults healed:\n" + describe());
        }
        long convergedAtMs = nowMs;
        checkReportedMembers();
        runUntil(nowMs + quiesceBoundMs, throttled(() -> checker.quiescent() && converged()));
        if (!converged()) {
            // Packets delayed or clogged before the heal may still arrive and legitimately
            // disturb the ring (a stale join sends members back to GATHER): it must form again.
            long disturbedAtMs = nowMs;
            if (!runUntil(disturbedAtMs + convergeBoundMs, throttled(this::converged))) {
                checker.fail(Checker.LIVENESS, "the ring fell apart after converging and did not form again within "
                        + convergeBoundMs + " ms:\n" + describe());
            }
            runUntil(nowMs + quiesceBoundMs, throttled(checker::quiescent));
        }
        checker.checkSelfDelivery();
        checker.checkFinalRingAgreement();
        return convergedAtMs - healedAtMs;
    }

    /** Each running processor's own report of its membership matches the configuration it delivered. */
    private void checkReportedMembers() {
        for (NodeHost host : hosts.values()) {
            if (host.status != Status.RUNNING) {
                continue;
            }
            List<NodeId> delivered = checker.view(host.processId()).regularMembers;
            host.process.reportedMembers().ifPresent(reported -> {
                if (!reported.equals(delivered)) {
                    checker.fail(Checker.CONFIG_AGREEMENT, "node " + host.id + " reports members " + reported
                            + " but its last regular configuration was " + delivered);
                }
            });
        }
    }

    /** Evaluates an O(nodes) or O(messages) condition at most once per 10 ms of virtual time. */
    private BooleanSupplier throttled(BooleanSupplier condition) {
        long[] lastMs = {Long.MIN_VALUE};
        return () -> {
            if (nowMs < lastMs[0] + 10) {
                return false;
            }
            lastMs[0] = nowMs;
            return condition.getAsBoolean();
        };
    }

    // ---------------------------------------------------------------- observations

    /**
     * Every running node is in one regular configuration whose members are exactly the running
     * nodes, OPERATIONAL, and none is stopped.
     */
    public boolean converged() {
        List<NodeId> running = new ArrayList<>();
        for (NodeHost host : hosts.values()) {
            if (host.status == Status.FROZEN) {
                return false;
            }
            if (host.status == Status.RUNNING) {
                running.add(host.id);
            }
        }
        Object ring = null;
        for (NodeId id : running) {
            NodeHost host = hosts.get(id);
            Checker.ProcessView view = checker.view(host.processId());
            if (view.regularRing == null || view.inTransitional || !view.regularMembers.equals(running)
                    || host.process.state() != TotemState.OPERATIONAL) {
                return false;
            }
            if (ring != null && !ring.equals(view.regularRing)) {
                return false;
            }
            ring = view.regularRing;
        }
        return true;
    }

    /** What each running node believes: state, ring and members (for failure reports and traces). */
    public String describe() {
        return describe(true);
    }

    /** As {@link #describe()}; without ring ids (whose sequence numbers depend on timing) when asked. */
    public String describe(boolean withRingIds) {
        StringBuilder text = new StringBuilder();
        for (NodeHost host : hosts.values()) {
            text.append("n").append(host.id).append(' ').append(host.status);
            if (host.status != Status.DOWN) {
                Checker.ProcessView view = checker.view(host.processId());
                text.append(' ').append(host.process.state());
                if (withRingIds) {
                    text.append(" ring=").append(view.regularRing);
                }
                text.append(" members=").append(view.regularMembers);
            }
            text.append('\n');
        }
        return text.toString();
    }

    void note(String text) {
        trace.mix(nowMs, text.hashCode());
    }

    NodeHost host(NodeId id) {
        NodeHost host = hosts.get(id);
        if (host == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes are 1.." + options.nodeCount() + ")");
        }
        return host;
    }

    /** The ring of the node's last regular configuration, or null (down, or none yet). */
    public RingId regularRing(NodeId id) {
        NodeHost host = host(id);
        return host.status == Status.DOWN ? null : checker.view(host.processId()).regularRing;
    }

    /** How many application messages the node's current process has delivered. */
    public int deliveredCount(NodeId id) {
        NodeHost host = host(id);
        return host.status == Status.DOWN ? 0 : checker.view(host.processId()).deliveredEver.size();
    }

    /** The node's regular configuration members, empty when down or before the first. */
    public List<NodeId> regularMembers(NodeId id) {
        NodeHost host = host(id);
        if (host.status == Status.DOWN) {
            return List.of();
        }
        Checker.ProcessView view = checker.view(host.processId());
        return view.inTransitional ? List.of() : view.regularMembers;
    }

    public boolean isRunning(NodeId id) {
        return host(id).status == Status.RUNNING;
    }

    public boolean isDown(NodeId id) {
        return host(id).status == Status.DOWN;
    }

    public SimulatedNode process(NodeId id) {
        return host(id).process;
    }

    public List<NodeId> nodes() {
        return List.copyOf(hosts.keySet());
    }

    public long now() {
        return nowMs;
    }

    public long seed() {
        return seed;
    }

    public SimOptions options() {
        return options;
    }

    public Network network() {
        return network;
    }

    public Checker checker() {
        return checker;
    }

    public Trace trace() {
        return trace;
    }

    /** A generator for the scenario's own choices, split off the seed after the world was built. */
    public SplittableRandom random() {
        return random;
    }

    public Map<String, Long> packetsByKind() {
        return Collections.unmodifiableMap(new TreeMap<>(packetsByKind));
    }

    public int pendingEvents() {
        return queue.size();
    }

    public long submitsAccepted() {
        return submitsAccepted;
    }

    public long submitsRefused() {
        return submitsRefused;
    }
}
