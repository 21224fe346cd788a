package org.corral.conf.core;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The configuration as the running stack sees it: every value the file leaves out is filled in the
 * way cman's preconfig and corosync 1.4 filled it. Built by {@link Defaults#effective}; engines are
 * configured from this (or from its flattened key/value view), never from XML.
 *
 * @param localNode the node this view is for, when the caller named one; per-node values (nodeid,
 *                  ring addresses) are only meaningful with it
 * @param votequorum the votequorum options (Corral extensions on {@code <cman>}), defaults when unset
 * @param uidgidGroups each {@code <uidgid>} element's gid, in file order (absent gids are left out)
 */
public record EffectiveConfig(String clusterName, long configVersion, int clusterId, ClusterIdSource clusterIdSource,
                              Transport transport, List<Ring> rings, boolean twoNode, long expectedVotes,
                              long totalVotes, List<Node> nodes, Optional<Node> localNode, Totem totem, Key key,
                              FenceDaemon fenceDaemon, long quorumDevPollMs, long shutdownTimeoutMs,
                              Votequorum votequorum, List<String> uidgidGroups) {

    public EffectiveConfig {
        rings = List.copyOf(rings);
        nodes = List.copyOf(nodes);
        uidgidGroups = List.copyOf(uidgidGroups);
    }

    public enum ClusterIdSource { CONFIGURED, GENERATED, FNV_HASHED }

    /** cman's transports and the corosync name each maps to (udpb is udp with broadcast). */
    public enum Transport {
        UDP("udp"), UDPB("udp"), UDPU("udpu"), RDMA("iba");

        private final String corosyncName;

        Transport(String corosyncName) {
            this.corosyncName = corosyncName;
        }

        public String corosyncName() {
            return corosyncName;
        }
    }

    /** One totem ring (interface): 0 for the node names, 1 for the altnames. */
    public record Ring(int number, String multicastAddress, int port, int ttl) {
    }

    public record Node(String name, OptionalLong nodeId, long votes, List<String> ringNames) {
        public Node {
            ringNames = List.copyOf(ringNames);
        }
    }

    /** Totem timing and flow constants, in milliseconds where they are times. */
    public record Totem(long tokenMs, long joinMs, long consensusMs, long failRecvConst,
                        long tokenRetransmitsBeforeLossConst, long tokenRetransmitMs, long holdMs, long mergeMs,
                        long downcheckMs, long seqnoUnchangedConst, long missCountConst, long maxNetworkDelayMs,
                        long windowSize, long maxMessages, long netMtu, String rrpMode, boolean secauth,
                        long rrpProblemCountThreshold, long rrpProblemCountTimeoutMs, long rrpTokenExpiredTimeoutMs) {
    }

    /** Where the totem key comes from: a key file, or the cluster name (padded) as cman did. */
    public record Key(Optional<String> keyFile, byte[] nameKey) {
    }

    public record FenceDaemon(long postJoinDelaySeconds, long postFailDelaySeconds, boolean cleanStart,
                              long overrideTimeSeconds, String overridePath, boolean skipUndefined) {
    }

    /**
     * corosync 2's votequorum options, accepted on {@code <cman>} as Corral extensions.
     *
     * @param autoTieBreakerNode "lowest", "highest" or the node ids (space-separated) in preference order
     */
    public record Votequorum(boolean waitForAll, boolean lastManStanding, long lastManStandingWindowMs,
                             boolean autoTieBreaker, String autoTieBreakerNode) {
        public static final long LAST_MAN_STANDING_WINDOW_DEFAULT_MS = 10_000;

        public static Votequorum none() {
            return new Votequorum(false, false, LAST_MAN_STANDING_WINDOW_DEFAULT_MS, false, "lowest");
        }
    }
}
