package org.corral.fence.agents.sim.apc;

import java.util.List;

/**
 * What one simulated console needs to know: firmware, accounts, fault, paging.
 *
 * @param pageOutletsMax outlets per page of the outlet list; a longer list is paged with
 *                       "Press &lt;ENTER&gt; for more" (0 = never page)
 * @param garbageSeed    seed of the line noise sent by the GARBAGE fault (deterministic)
 */
public record ConsoleSettings(ApcFirmware firmware, String deviceName, List<ApcUser> users, ApcFault fault,
                              int pageOutletsMax, long garbageSeed) {
    public static final int USERS_MAX = 16;
    public static final int PAGE_OUTLETS_MAX = 48;

    public ConsoleSettings {
        users = List.copyOf(users);
        if (users.isEmpty() || users.size() > USERS_MAX) {
            throw new IllegalArgumentException("the switch needs 1.." + USERS_MAX + " users");
        }
        if (pageOutletsMax < 0 || pageOutletsMax > PAGE_OUTLETS_MAX) {
            throw new IllegalArgumentException("page size must be 0.." + PAGE_OUTLETS_MAX);
        }
        if (deviceName.isEmpty() || deviceName.length() > 20) {
            throw new IllegalArgumentException("device name must be 1..20 characters");
        }
    }
}
