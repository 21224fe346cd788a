package org.corral.fence.agents.sim.apc;

import java.util.Locale;

/** The ways the simulated switch can be told to misbehave, so that agents and fenced retries can be tested. */
public enum ApcFault {
    NONE,
    /** Every password is refused (the login prompt comes back). */
    REFUSE_LOGIN,
    /** Accepts the connection and then never says a word. */
    STALL,
    /** Logs in normally, then never answers a command. */
    STALL_AFTER_LOGIN,
    /** Answers everything with line noise that matches none of the agent's prompts. */
    GARBAGE,
    /** Logs in, then closes the connection in the middle of the first screen after a command. */
    CLOSE_MID,
    /** Accepts and executes power commands but keeps reporting the old outlet state. */
    LIE;

    public static ApcFault parse(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault '" + text
                    + "' (use none, refuse-login, stall, stall-after-login, garbage, close-mid, lie)");
        }
    }
}
