package org.corral.fence.agents.api;

import java.util.List;
import java.util.Optional;

/**
 * A connected fence device. The runner opens one per agent run (through
 * {@link FenceDriver#connect}), drives it and closes it. Every method is bounded by the agent's
 * timeouts and reports problems as {@link FenceException}, never as another exception.
 *
 * <p>{@code plug} is the -n value for multi-port devices and the empty string otherwise.
 */
public interface PowerDevice extends AutoCloseable {

    /** The current state of the plug (or the chassis). */
    PowerState status(String plug) throws FenceException;

    /** Asks the device to switch the plug on or off; the runner then polls {@link #status}. */
    void setPower(String plug, boolean on) throws FenceException;

    /**
     * One power cycle, for agents whose reboot is a single device command (fence_ipmilan -m cycle).
     * Returns whether the device confirmed it. Only called when {@link FenceDriver#rebootByCycle} says so.
     */
    default boolean powerCycle(String plug) throws FenceException {
        throw new FenceException(FailReason.GENERIC, "Failed: power cycle is not supported by this device");
    }

    /** The plugs, for list/list-status; empty when the device cannot list (a NOTICE is printed). */
    default Optional<List<Outlet>> list() throws FenceException {
        return Optional.empty();
    }

    /** Releases the connection; must not throw. */
    @Override
    void close();
}
