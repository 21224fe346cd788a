package org.corral.fenced.exec;

import java.util.List;

import org.corral.fenced.core.FenceEvent.AgentFinished;
import org.corral.fenced.core.FenceEvent.AgentOutcome;

/**
 * How one agent run ended, with its output (stdout and stderr interleaved as RHCS captured them),
 * secrets already masked.
 *
 * @param exitCode the agent's exit status; -1 when it never started or was killed
 */
public record AgentResult(long runId, AgentOutcome outcome, int exitCode, List<String> output, long durationMs,
                          String detail) {
    public AgentResult {
        output = List.copyOf(output);
    }

    /** The event to post back to the fence domain. */
    public AgentFinished event() {
        return new AgentFinished(runId, outcome, exitCode);
    }
}
