package org.corral.cpg.core;

import org.corral.totem.core.SubmitResult;

/**
 * The engine's one way down: totem's submit (TotemProcessor.submit in the daemon, a sequencer in
 * tests and the simulator). It must not call back into the engine; deliveries come later as
 * events through {@link CpgEngine#onTotemEvent}.
 */
public interface TotemPort {

    /** Queues {@code payload} for agreed delivery; never blocks. */
    SubmitResult submit(byte[] payload);

    /** The largest payload {@link #submit} accepts. */
    int payloadBytesMax();
}
