package org.corral.fence.agents.sim.apc;

/** An outlet was switched: the shell runs the command bound to that outlet's new state. */
public record PowerEffect(OutletId id, String name, boolean on) {
}
