package org.corral.fence.agents.api;

import java.io.PrintStream;
import java.util.List;

/**
 * An agent: its spec, its own argument checks and how to reach its device. The runner does the rest
 * (parsing, actions, polling, messages, exit codes).
 */
public interface FenceDriver {

    AgentSpec spec();

    /**
     * Agent-specific checks done without contacting the device (validate-all and before every action).
     * Returns one message per problem, each starting with "Failed: ", empty when fine.
     */
    default List<String> validate(FenceOptions options) {
        return List.of();
    }

    /** Opens the device; bounded by the login timeout. */
    PowerDevice connect(FenceOptions options, AgentLog log) throws FenceException;

    /** Whether reboot is one {@link PowerDevice#powerCycle} instead of off-then-on. */
    default boolean rebootByCycle(FenceOptions options) {
        return false;
    }

    /**
     * Runs an action of {@link AgentSpec#extraActions()} (e.g. diag); returns the exit code.
     */
    default int extraAction(String action, FenceOptions options, PowerDevice device, AgentLog log)
            throws FenceException {
        throw new FenceException(FailReason.GENERIC, "Failed: Unrecognised action '" + action + "'");
    }

    /** Like the four-argument form, with the stream the action's result line goes to (stdout). */
    default int extraAction(String action, FenceOptions options, PowerDevice device, AgentLog log, PrintStream out)
            throws FenceException {
        return extraAction(action, options, device, log);
    }
}
