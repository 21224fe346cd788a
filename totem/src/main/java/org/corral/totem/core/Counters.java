package org.corral.totem.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.corral.totem.base.Check;

/**
 * The statistics corosync exports as {@code runtime.totem.pg.mrp.srp.*}, with the same names and
 * in the same order as {@code corosync-objctl} prints them.
 */
final class Counters {
    static final String ORF_TOKEN_TX = "orf_token_tx";
    static final String ORF_TOKEN_RX = "orf_token_rx";
    static final String MERGE_DETECT_TX = "memb_merge_detect_tx";
    static final String MERGE_DETECT_RX = "memb_merge_detect_rx";
    static final String JOIN_TX = "memb_join_tx";
    static final String JOIN_RX = "memb_join_rx";
    static final String MCAST_TX = "mcast_tx";
    static final String MCAST_RETX = "mcast_retx";
    static final String MCAST_RX = "mcast_rx";
    static final String COMMIT_TOKEN_TX = "memb_commit_token_tx";
    static final String COMMIT_TOKEN_RX = "memb_commit_token_rx";
    static final String HOLD_CANCEL_TX = "token_hold_cancel_tx";
    static final String HOLD_CANCEL_RX = "token_hold_cancel_rx";
    static final String OPERATIONAL_ENTERED = "operational_entered";
    static final String OPERATIONAL_TOKEN_LOST = "operational_token_lost";
    static final String GATHER_ENTERED = "gather_entered";
    static final String GATHER_TOKEN_LOST = "gather_token_lost";
    static final String COMMIT_ENTERED = "commit_entered";
    static final String COMMIT_TOKEN_LOST = "commit_token_lost";
    static final String RECOVERY_ENTERED = "recovery_entered";
    static final String RECOVERY_TOKEN_LOST = "recovery_token_lost";
    static final String CONSENSUS_TIMEOUTS = "consensus_timeouts";
    static final String MTT_RX_TOKEN = "mtt_rx_token";
    static final String AVG_TOKEN_WORKLOAD = "avg_token_workload";
    static final String AVG_BACKLOG_CALC = "avg_backlog_calc";
    static final String RX_MSG_DROPPED = "rx_msg_dropped";
    /** Corral's own: hints from the shell that the token's next hop is unreachable. */
    static final String SUSPECT_HINTS = "icmp_suspect_hints";

    private static final String[] ORDER = {
        ORF_TOKEN_TX, ORF_TOKEN_RX, MERGE_DETECT_TX, MERGE_DETECT_RX, JOIN_TX, JOIN_RX, MCAST_TX, MCAST_RETX,
        MCAST_RX, COMMIT_TOKEN_TX, COMMIT_TOKEN_RX, HOLD_CANCEL_TX, HOLD_CANCEL_RX, OPERATIONAL_ENTERED,
        OPERATIONAL_TOKEN_LOST, GATHER_ENTERED, GATHER_TOKEN_LOST, COMMIT_ENTERED, COMMIT_TOKEN_LOST,
        RECOVERY_ENTERED, RECOVERY_TOKEN_LOST, CONSENSUS_TIMEOUTS, MTT_RX_TOKEN, AVG_TOKEN_WORKLOAD,
        AVG_BACKLOG_CALC, RX_MSG_DROPPED, SUSPECT_HINTS,
    };
    /** corosync averages the token timing and backlog over the last 10 samples. */
    private static final int AVERAGE_WINDOW = 10;

    private final LinkedHashMap<String, Long> values = new LinkedHashMap<>();
    private long lastTokenRxMs = -1;

    Counters() {
        for (String name : ORDER) {
            values.put(name, 0L);
        }
    }

    void increment(String name) {
        add(name, 1);
    }

    void add(String name, long amount) {
        Long old = values.get(name);
        if (!(old != null)) {
            Check.that(false, "unknown counter " + name);
        }
        values.put(name, old + amount);
    }

    /** Mean time between token receipts and the backlog, as running averages. */
    void tokenReceived(long nowMs, int backlog) {
        if (lastTokenRxMs >= 0) {
            average(MTT_RX_TOKEN, nowMs - lastTokenRxMs);
        }
        lastTokenRxMs = nowMs;
        average(AVG_BACKLOG_CALC, backlog);
    }

    private void average(String name, long sample) {
        long old = values.get(name);
        values.put(name, old + (sample - old) / AVERAGE_WINDOW);
    }

    long get(String name) {
        return values.get(name);
    }

    Map<String, Long> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
