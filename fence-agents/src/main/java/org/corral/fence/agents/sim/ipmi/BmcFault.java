package org.corral.fence.agents.sim.ipmi;

import java.util.Locale;
import java.util.Optional;

/** Ways the virtual BMC can be told to misbehave, to test the agents and the fence daemon's retries. */
public enum BmcFault {
    /** Behave. */
    NONE,
    /** Accept sessions but refuse every Chassis Control with completion code 0xd5. */
    REFUSE,
    /** Answer nothing at all (a dead or unreachable BMC). */
    TIMEOUT,
    /** Obey Chassis Control but always report the chassis ON, so power-off is never confirmed. */
    LIE,
    /** Answer every datagram with random bytes. */
    GARBAGE;

    public static Optional<BmcFault> parse(String text) {
        for (BmcFault fault : values()) {
            if (fault.name().equalsIgnoreCase(text.strip())) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
