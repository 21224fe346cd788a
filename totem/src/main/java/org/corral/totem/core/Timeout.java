package org.corral.totem.core;

/**
 * Every timer of the processor, by corosync's name. They are checked in one table
 * ({@link Timeouts}) by {@link TotemProcessor#tick}, in this declaration order when several expire
 * at the same tick. There are no other timers.
 */
enum Timeout {
    /** token: no token (ORF or commit) seen for this long in OPERATIONAL/COMMIT/RECOVERY means loss. */
    TOKEN,
    /** token_warning: 75% of token without a token logs a warning. */
    TOKEN_WARNING,
    /** token_retransmit: re-send the last token I sent when nothing proves the next node got it. */
    TOKEN_RETRANSMIT,
    /** hold: the representative of an idle ring forwards the token it holds after this long. */
    TOKEN_HOLD,
    /** join: re-multicast my join while in GATHER. */
    JOIN,
    /** consensus: GATHER gives up on members that have not agreed. */
    CONSENSUS,
    /** merge: the representative of an idle ring announces its ring (merge detect). */
    MERGE_DETECT
}
