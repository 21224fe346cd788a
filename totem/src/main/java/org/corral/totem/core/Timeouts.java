package org.corral.totem.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.corral.totem.base.Check;

/**
 * The one timer table: a deadline per named {@link Timeout}, armed and cancelled by the handlers,
 * fired only from {@code tick}. Deterministic: expired timers come out in enum order.
 */
final class Timeouts {
    private final EnumMap<Timeout, Long> deadlines = new EnumMap<>(Timeout.class);

    void arm(Timeout timeout, long nowMs, long durationMs) {
        if (!(durationMs >= 0)) {
            Check.that(false, "timeout " + timeout + " with negative duration");
        }
        deadlines.put(timeout, nowMs + durationMs);
    }

    /** Arms only when not already armed (a periodic timer that must not be pushed back). */
    void armIfIdle(Timeout timeout, long nowMs, long durationMs) {
        if (!deadlines.containsKey(timeout)) {
            arm(timeout, nowMs, durationMs);
        }
    }

    void cancel(Timeout timeout) {
        deadlines.remove(timeout);
    }

    void cancelAll() {
        deadlines.clear();
    }

    boolean armed(Timeout timeout) {
        return deadlines.containsKey(timeout);
    }

    /** Removes and returns the timers due at {@code nowMs}, in enum order. */
    List<Timeout> takeExpired(long nowMs) {
        List<Timeout> expired = new ArrayList<>();
        for (Map.Entry<Timeout, Long> entry : deadlines.entrySet()) {
            if (entry.getValue() <= nowMs) {
                expired.add(entry.getKey());
            }
        }
        for (Timeout timeout : expired) {
            deadlines.remove(timeout);
        }
        return expired;
    }

    /** The earliest deadline, or Long.MAX_VALUE when nothing is armed (lets a shell sleep). */
    long nextDeadlineMs() {
        long next = Long.MAX_VALUE;
        for (long deadline : deadlines.values()) {
            next = Math.min(next, deadline);
        }
        return next;
    }
}
