package org.corral.fence.agents.api;

import java.util.Objects;

/**
 * One plug of a multi-port device, as {@code list} and {@code list-status} print it.
 *
 * @param id    the plug id used with -n (number or name)
 * @param alias the device's name for it (may be empty)
 * @param state its power state, UNKNOWN when the listing does not tell
 */
public record Outlet(String id, String alias, PowerState state) {
    public Outlet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(state, "state");
    }
}
