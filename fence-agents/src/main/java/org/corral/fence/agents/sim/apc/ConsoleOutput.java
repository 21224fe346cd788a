package org.corral.fence.agents.sim.apc;

import java.util.List;

/**
 * What the console answers to one input.
 *
 * @param text    bytes to send (ISO-8859-1), possibly empty
 * @param effects outlets switched, in order
 * @param close   the shell closes the connection after sending text
 * @param logLine what to log for this input (passwords are never in it)
 */
public record ConsoleOutput(String text, List<PowerEffect> effects, boolean close, String logLine) {
    public ConsoleOutput {
        effects = List.copyOf(effects);
    }

    static ConsoleOutput of(String text, String logLine) {
        return new ConsoleOutput(text, List.of(), false, logLine);
    }
}
