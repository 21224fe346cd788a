package org.corral.totem.core;

import java.util.List;
import java.util.OptionalLong;

/**
 * The effects of the events fed since the last {@link TotemProcessor#takeOutput()}.
 *
 * <p>The shell's contract, in this order:
 * <ol>
 *   <li>If {@code ringSeqToPersist} is present, write it durably (fsync) before step 2: a node
 *       that restarts must never reuse a ring sequence it has sent on.</li>
 *   <li>Transmit {@code sends} in list order.</li>
 *   <li>Hand {@code events} to the layer above in list order.</li>
 * </ol>
 */
public record TotemOutput(OptionalLong ringSeqToPersist, List<Send> sends, List<TotemEvent> events) {
    public static final TotemOutput EMPTY = new TotemOutput(OptionalLong.empty(), List.of(), List.of());

    public TotemOutput {
        sends = List.copyOf(sends);
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return ringSeqToPersist.isEmpty() && sends.isEmpty() && events.isEmpty();
    }
}
