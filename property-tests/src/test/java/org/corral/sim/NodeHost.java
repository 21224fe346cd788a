package org.corral.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemConfig;

/**
 * One simulated machine: its clock (offset and drift from virtual time), its power and process
 * state, the ring sequence it persisted (the only thing that survives a crash), and the packets
 * that pile up in its socket buffer while the process is stopped (SIGSTOP).
 */
final class NodeHost {
    /** Linux's default socket receive buffer (net.core.rmem_default). */
    static final int FROZEN_INBOX_BYTES_MAX = 212_992;

    enum Status { DOWN, RUNNING, FROZEN }

    final NodeId id;
    final TotemConfig config;
    final long clockOffsetMs;
    final int driftPpm;
    final long tickIntervalMs;
    Status status = Status.DOWN;
    SimulatedNode process;
    int incarnation;
    long persistedRingSeq;
    int submitCounter;
    final Deque<EventQueue.Arrival> frozenInbox = new ArrayDeque<>();
    int frozenInboxBytes;
    long lastLocalMs = Long.MIN_VALUE;

    NodeHost(NodeId id, TotemConfig config, long clockOffsetMs, int driftPpm, long tickIntervalMs) {
        this.id = id;
        this.config = config;
        this.clockOffsetMs = clockOffsetMs;
        this.driftPpm = driftPpm;
        this.tickIntervalMs = tickIntervalMs;
    }

    /** This machine's clock at virtual time {@code nowMs}; monotonic because |drift| is far below 10^6 ppm. */
    long localTime(long nowMs) {
        long local = clockOffsetMs + nowMs + Math.floorDiv(nowMs * driftPpm, 1_000_000L);
        if (local < lastLocalMs) {
            throw new IllegalStateException("node " + id + " clock went backwards: " + lastLocalMs + " -> " + local);
        }
        lastLocalMs = local;
        return local;
    }

    ProcessId processId() {
        return new ProcessId(id.value(), incarnation);
    }
}
