package org.corral.fence.agents.sim.ipmi;

/** What the virtual BMC tells its shell besides the datagrams it answers. */
public sealed interface BmcEvent {

    /** The chassis changed power state; the shell runs the configured command. */
    record PowerChanged(boolean on, String cause) implements BmcEvent {
    }

    /** One line for the command log. */
    record Logged(String line) implements BmcEvent {
    }
}
