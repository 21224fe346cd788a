package org.corral.totem.rrp;

import java.util.List;

/**
 * The redundant ring protocol's tuning (reference/corosync.md A3, corosync 1.4/2.4 names).
 * {@code interfaceNames} are the ring addresses as the log lines print them ("interface 10.0.0.1").
 */
public record RrpConfig(
        RrpMode mode,
        List<String> interfaceNames,
        long tokenExpiredTimeoutMs,
        long problemCountTimeoutMs,
        int problemCountThreshold,
        int problemCountMcastThreshold,
        long autorecoveryCheckTimeoutMs) {

    /** corosync 1.x/2.x INTERFACE_MAX. */
    public static final int RINGS_MAX = 2;
    /** corosync refuses thresholds below 2. */
    public static final int THRESHOLD_MIN = 2;

    public RrpConfig {
        if (mode == null || interfaceNames == null || interfaceNames.isEmpty() || interfaceNames.size() > RINGS_MAX) {
            throw new IllegalArgumentException("rrp needs a mode and 1.." + RINGS_MAX + " interfaces");
        }
        if (mode != RrpMode.NONE && interfaceNames.size() != 2) {
            throw new IllegalArgumentException("rrp_mode " + mode.configName() + " needs two rings");
        }
        if (mode == RrpMode.NONE && interfaceNames.size() != 1) {
            throw new IllegalArgumentException("rrp_mode none with two rings: set rrp_mode active or passive");
        }
        if (tokenExpiredTimeoutMs < 1 || problemCountTimeoutMs < 1 || autorecoveryCheckTimeoutMs < 1) {
            throw new IllegalArgumentException("rrp timeouts must be positive");
        }
        if (problemCountThreshold < THRESHOLD_MIN || problemCountMcastThreshold < THRESHOLD_MIN) {
            throw new IllegalArgumentException("rrp_problem_count_threshold must be at least " + THRESHOLD_MIN);
        }
        interfaceNames = List.copyOf(interfaceNames);
    }

    /** corosync's defaults: expired = token_retransmit, problem timeout 2000, threshold 10, mcast x10, check 1000. */
    public static RrpConfig defaults(RrpMode mode, List<String> interfaceNames, long tokenRetransmitMs) {
        return new RrpConfig(mode, interfaceNames, tokenRetransmitMs, 2000, 10, 100, 1000);
    }

    /** cman's override: rrp_problem_count_threshold 3 when two rings are configured (reference/rhcs.md 1.5). */
    public static RrpConfig cman(RrpMode mode, List<String> interfaceNames, long tokenRetransmitMs) {
        int threshold = interfaceNames.size() > 1 ? 3 : 10;
        return new RrpConfig(mode, interfaceNames, tokenRetransmitMs, 2000, threshold, threshold * 10, 1000);
    }

    public int ringCount() {
        return interfaceNames.size();
    }
}
