package org.corral.totem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.corral.totem.base.Check;

/** Collects what the handlers produce until the shell calls {@link TotemProcessor#takeOutput()}. */
final class Effects {
    /** A bound on one batch of effects: a handler that exceeds it is looping. */
    static final int BATCH_ENTRIES_MAX = 1 << 20;

    private long ringSeqToPersist = -1;
    private final List<Send> sends = new ArrayList<>();
    private final List<TotemEvent> events = new ArrayList<>();

    void persist(long ringSeq) {
        ringSeqToPersist = Math.max(ringSeqToPersist, ringSeq);
    }

    void send(Destination destination, TotemMessage message) {
        Check.that(sends.size() < BATCH_ENTRIES_MAX, "too many sends in one batch");
        sends.add(new Send(0, destination, message));
    }

    void event(TotemEvent event) {
        Check.that(events.size() < BATCH_ENTRIES_MAX, "too many events in one batch");
        events.add(event);
    }

    void log(TotemEvent.Level level, String text) {
        event(new TotemEvent.Log(level, text));
    }

    TotemOutput take() {
        if (ringSeqToPersist < 0 && sends.isEmpty() && events.isEmpty()) {
            return TotemOutput.EMPTY;
        }
        TotemOutput output = new TotemOutput(
                ringSeqToPersist < 0 ? OptionalLong.empty() : OptionalLong.of(ringSeqToPersist), sends, events);
        ringSeqToPersist = -1;
        sends.clear();
        events.clear();
        return output;
    }
}
