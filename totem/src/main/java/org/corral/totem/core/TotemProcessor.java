package org.corral.totem.core;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One node's totem SRP processor (Amir et al., TOCS 1995; corosync exec/totemsrp.c).
 * Exactly one thread (the event loop, or the simulator) calls it. It never reads a clock, opens
 * a socket, sleeps or starts a thread: time arrives through {@link #tick}, randomness through the
 * injected generator, and every effect leaves through {@link #takeOutput()}.
 *
 * <p>The shell's contract:
 * <ol>
 *   <li>Construct with the last ring sequence persisted by this node (0 on first start), then call
 *       {@link #start(long)} once.</li>
 *   <li>Call {@link #tick(long)} whenever time advances (at least every few ms of virtual or real time);
 *       time never goes backwards. {@link #receive} and {@link #submit} use the time of the last tick.</li>
 *   <li>After every call, drain {@link #takeOutput()} and apply it as {@link TotemOutput} says.</li>
 * </ol>
 */
public final class TotemProcessor {

    public TotemProcessor(TotemConfig config, long persistedRingSeq, RandomGenerator random) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Starts the processor: it enters GATHER and announces itself with a join. */
    public void start(long nowMs) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The only source of time; fires every timeout that has expired. */
    public void tick(long nowMs) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** A decoded, authenticated packet from {@code source} on ring {@code ring}. */
    public void receive(int ring, NodeId source, TotemMessage message) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Queues an application message for agreed delivery; bounded, never blocks. */
    public SubmitResult submit(byte[] payload) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Leaves the ring cleanly (a LEAVE join); the others form a new ring without this node. */
    public void leave() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Everything produced since the last call. */
    public TotemOutput takeOutput() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** OPERATIONAL, GATHER, COMMIT or RECOVERY. */
    public TotemState state() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Counters by corosync's names (orf_token_tx, mcast_rx, ...), in a stable order. */
    public Map<String, Long> counters() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
