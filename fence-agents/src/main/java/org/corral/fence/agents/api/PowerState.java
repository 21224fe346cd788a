package org.corral.fence.agents.api;

/** Power state of a plug or chassis as an agent reports it. */
public enum PowerState {
    ON, OFF, UNKNOWN
}
