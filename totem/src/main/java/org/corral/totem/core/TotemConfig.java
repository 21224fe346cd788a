package org.corral.totem.core;

/**
 * Everything the totem processor is tuned by, in milliseconds and counts. Engines never read
 * cluster.conf: tools maps the cluster-conf model to this record. See reference/corosync.md A2.
 */
public record TotemConfig(
        NodeId self,
        long tokenTimeoutMs,
        long tokenRetransmitTimeoutMs,
        int tokenRetransmitsBeforeLoss,
        long tokenHoldTimeoutMs,
        long joinTimeoutMs,
        long consensusTimeoutMs,
        long mergeTimeoutMs,
        long downcheckTimeoutMs,
        int failRecvConst,
        int seqnoUnchangedConst,
        int missCountConst,
        int windowSize,
        int maxMessages,
        int netMtu,
        int submitQueueMax,
        int payloadBytesMax,
        boolean safeDelivery) {

    public static final int NET_MTU_DEFAULT = 1500;
    public static final int PAYLOAD_BYTES_MAX_DEFAULT = 1 << 20;

    public TotemConfig {
        if (self == null) {
            throw new IllegalArgumentException("totem config needs this node's id");
        }
        if (tokenTimeoutMs < 30 || joinTimeoutMs < 1 || consensusTimeoutMs < joinTimeoutMs) {
            throw new IllegalArgumentException("token >= 30 ms, join >= 1 ms and consensus >= join are required");
        }
        if (windowSize < 1 || maxMessages < 1 || maxMessages > windowSize) {
            throw new IllegalArgumentException("1 <= max_messages <= window_size is required");
        }
        if (netMtu < 576 || submitQueueMax < 1 || payloadBytesMax < 1) {
            throw new IllegalArgumentException("netmtu >= 576 and positive queue and payload limits are required");
        }
    }

    /** corosync 3.1.7's defaults for a ring of {@code nodeCount} configured nodes. */
    public static TotemConfig corosyncDefaults(NodeId self, int nodeCount) {
        long token = 3000 + Math.max(0, nodeCount - 2) * 650L;
        return derived(self, token, 4, 50, (long) (token * 1.2));
    }

    /** The values cman injected on corosync 1.4 (reference/rhcs.md 1.5): the RHCS profile. */
    public static TotemConfig cmanProfile(NodeId self, int nodeCount) {
        long token = 10000;
        long consensus = nodeCount > 2 ? token + 2000 : Math.min(2000, Math.max(200, token / 5));
        return derived(self, token, 4, 60, consensus);
    }

    /** Derives retransmit and hold from token as corosync does when they are not configured. */
    public static TotemConfig derived(NodeId self, long tokenMs, int retransmitsBeforeLoss, long joinMs, long consensusMs) {
        long retransmit = (long) (tokenMs / (retransmitsBeforeLoss + 0.2));
        long hold = Math.max(1, (long) (retransmit * 0.8 - 10));
        return new TotemConfig(self, tokenMs, retransmit, retransmitsBeforeLoss, hold, joinMs,
                Math.max(consensusMs, joinMs), 200, 1000, 2500, 30, 5, 50, 17,
                NET_MTU_DEFAULT, 4 * 1024 * 1024 / NET_MTU_DEFAULT, PAYLOAD_BYTES_MAX_DEFAULT, false);
    }

    /** The same tuning with safe delivery on or off (deliver only what every member is proven to hold). */
    public TotemConfig withSafeDelivery(boolean safe) {
        return new TotemConfig(self, tokenTimeoutMs, tokenRetransmitTimeoutMs, tokenRetransmitsBeforeLoss,
                tokenHoldTimeoutMs, joinTimeoutMs, consensusTimeoutMs, mergeTimeoutMs, downcheckTimeoutMs,
                failRecvConst, seqnoUnchangedConst, missCountConst, windowSize, maxMessages, netMtu,
                submitQueueMax, payloadBytesMax, safe);
    }

    public TotemConfig withSelf(NodeId node) {
        return new TotemConfig(node, tokenTimeoutMs, tokenRetransmitTimeoutMs, tokenRetransmitsBeforeLoss,
                tokenHoldTimeoutMs, joinTimeoutMs, consensusTimeoutMs, mergeTimeoutMs, downcheckTimeoutMs,
                failRecvConst, seqnoUnchangedConst, missCountConst, windowSize, maxMessages, netMtu,
                submitQueueMax, payloadBytesMax, safeDelivery);
    }
}
