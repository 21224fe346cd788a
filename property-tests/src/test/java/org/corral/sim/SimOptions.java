package org.corral.sim;

import org.corral.totem.core.TotemConfig;

/**
 * The settings of one simulated world. Random scenarios derive every field from their seed;
 * scripted scenarios set them with commands.
 *
 * @param nodeCount     nodes 1..{@value #NODES_MAX}, ids 1..nodeCount
 * @param config        the totem configuration every node runs (its {@code self} is replaced)
 * @param baseLink      the conditions every link starts with and returns to on heal
 * @param tickMinMs     shortest interval between two ticks of one node
 * @param tickMaxMs     longest (each node draws its own interval in between)
 * @param clockOffsetMaxMs the largest offset of a node's clock from virtual time
 * @param driftPpmMax   the largest clock drift, in parts per million, either way
 * @param loopback      whether a multicast also reaches its sender, as with IP_MULTICAST_LOOP
 * @param keepTrace     whether to keep readable trace lines (scripts), not just the hash
 */
public record SimOptions(
        int nodeCount,
        TotemConfig config,
        LinkState baseLink,
        long tickMinMs,
        long tickMaxMs,
        long clockOffsetMaxMs,
        int driftPpmMax,
        boolean loopback,
        boolean keepTrace) {

    public static final int NODES_MAX = 32;

    public SimOptions {
        if (nodeCount < 1 || nodeCount > NODES_MAX) {
            throw new IllegalArgumentException("node count " + nodeCount + " outside 1.." + NODES_MAX);
        }
        if (config == null || baseLink == null) {
            throw new IllegalArgumentException("options need a totem config and base link conditions");
        }
        if (tickMinMs < 1 || tickMaxMs < tickMinMs) {
            throw new IllegalArgumentException("tick interval " + tickMinMs + ".." + tickMaxMs + " is not a range");
        }
        if (clockOffsetMaxMs < 0 || driftPpmMax < 0 || driftPpmMax > 100_000) {
            throw new IllegalArgumentException("clock offset and drift must be >= 0 (drift <= 100000 ppm)");
        }
    }

    /** A clean LAN: 1-3 ms delay, no loss, ticks every 5-10 ms, small skew. */
    public static SimOptions lan(int nodeCount, TotemConfig config) {
        LinkState link = Network.conditions().delay(1, 3);
        return new SimOptions(nodeCount, config, link, 5, 10, 1000, 200, false, false);
    }

    public SimOptions withBaseLink(LinkState link) {
        return new SimOptions(nodeCount, config, link, tickMinMs, tickMaxMs, clockOffsetMaxMs, driftPpmMax, loopback, keepTrace);
    }

    public SimOptions withTrace(boolean keep) {
        return new SimOptions(nodeCount, config, baseLink, tickMinMs, tickMaxMs, clockOffsetMaxMs, driftPpmMax, loopback, keep);
    }

    public SimOptions withLoopback(boolean loop) {
        return new SimOptions(nodeCount, config, baseLink, tickMinMs, tickMaxMs, clockOffsetMaxMs, driftPpmMax, loop, keepTrace);
    }

    public SimOptions withTicks(long minMs, long maxMs) {
        return new SimOptions(nodeCount, config, baseLink, minMs, maxMs, clockOffsetMaxMs, driftPpmMax, loopback, keepTrace);
    }

    public SimOptions withClocks(long offsetMaxMs, int driftMaxPpm) {
        return new SimOptions(nodeCount, config, baseLink, tickMinMs, tickMaxMs, offsetMaxMs, driftMaxPpm, loopback, keepTrace);
    }

    public SimOptions withConfig(TotemConfig totemConfig) {
        return new SimOptions(nodeCount, totemConfig, baseLink, tickMinMs, tickMaxMs, clockOffsetMaxMs, driftPpmMax, loopback, keepTrace);
    }
}
