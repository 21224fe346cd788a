package org.corral.fence.agents.api;

import java.util.Objects;

/**
 * One plug of a multi-port device, as {@code list} and {@code list-status} print it.
 *
 * @param id        the plug id used with -n (number or name)
 * @param alias     the device's name for it (may be empty)
 * @param state     its power state, UNKNOWN when the listing does not tell
 * @param stateText the state as the device spelled it ("On", "OFF"); list-status prints it as is
 *                  when it reads on or off in any case (as the reference library does), else UNKNOWN
 */
public record Outlet(String id, String alias, PowerState state, String stateText) {
    public Outlet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateText, "stateText");
    }

    /** An outlet whose state prints as ON, OFF or UNKNOWN. */
    public Outlet(String id, String alias, PowerState state) {
        this(id, alias, state, state.name());
    }

    /** The third column of list-status. */
    public String printedState() {
        return stateText.equalsIgnoreCase("on") || stateText.equalsIgnoreCase("off") ? stateText : "UNKNOWN";
    }
}
