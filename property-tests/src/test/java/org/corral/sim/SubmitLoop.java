package org.corral.sim;

import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;

/** A saturating workload: every running node submits until its queue answers TRY_AGAIN, every period. */
public final class SubmitLoop {
    /** A node never submits more than this many per period (bounds the work of one event). */
    static final int BURST_MAX = 1000;

    private SubmitLoop() {}

    public static void keepFull(Simulation sim, int lengthBytes, long fromMs, long untilMs, long periodMs) {
        keepFull(sim, lengthBytes, fromMs, untilMs, periodMs, () -> true);
    }

    /** As above, and stops as soon as {@code active} turns false. */
    public static void keepFull(Simulation sim, int lengthBytes, long fromMs, long untilMs, long periodMs,
            java.util.function.BooleanSupplier active) {
        if (periodMs < 1 || untilMs < fromMs) {
            throw new IllegalArgumentException("a submit loop needs a period >= 1 ms and an end after its start");
        }
        sim.schedule(fromMs, "", () -> burst(sim, lengthBytes, untilMs, periodMs, active));
    }

    private static void burst(Simulation sim, int lengthBytes, long untilMs, long periodMs,
            java.util.function.BooleanSupplier active) {
        if (!active.getAsBoolean()) {
            return;
        }
        for (NodeId id : sim.nodes()) {
            for (int i = 0; i < BURST_MAX && sim.isRunning(id); i++) {
                if (sim.submit(id, lengthBytes) != SubmitResult.ACCEPTED) {
                    break;
                }
            }
        }
        if (sim.now() + periodMs < untilMs) {
            sim.schedule(sim.now() + periodMs, "", () -> burst(sim, lengthBytes, untilMs, periodMs, active));
        }
    }
}
