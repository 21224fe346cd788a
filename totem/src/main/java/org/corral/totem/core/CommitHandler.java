package org.corral.totem.core;

import java.util.ArrayList;
import java.util.List;

import org.corral.totem.base.Check;

/**
 * The COMMIT state: the commit token and its two rotations (paper section 4.3; corosync
 * {@code memb_state_commit_token_create}, {@code memb_state_commit_enter},
 * {@code message_handler_memb_commit_token}).
 *
 * <p>Rotation 1: the representative creates the token for ring (me, highest seq + 4); each member
 * in turn, still in GATHER with the same proc − failed set, appends its entry (old ring id, aru,
 * delivered, highest received), persists the new ring seq and enters COMMIT. Rotation 2: with
 * every entry filled, each member enters RECOVERY and passes it on; when it is back at the
 * representative, that one sends the ring's first ORF token.
 *
 * <p>Deviation: entries also carry the highest sequence received, so RECOVERY re-sends exactly
 * what some transitional member may lack (corosync's received_flg alone cannot tell).
 */
final class CommitHandler {
    private final SrpState s;
    private final RecoveryHandler recovery;
    private final TokenHandler tokens;

    CommitHandler(SrpState state, RecoveryHandler recovery, TokenHandler tokens) {
        this.s = state;
        this.recovery = recovery;
        this.tokens = tokens;
    }

    /** I am the lowest of an agreed membership: create the commit token and start rotation 1. */
    void createAndEnter(List<NodeId> active) {
        long seq = Math.max(s.highestRingSeq, s.ringId.seq()) + 4;
        RingId ring = new RingId(s.self, seq);
        s.log(TotemEvent.Level.DEBUG, "Creating commit token because I am the rep (ring " + SrpState.ringText(ring)
                + ", members" + SrpState.nodesText(active) + ").");
        commitEnter(new CommitToken(s.self, 0, ring, active, List.of(), 0));
    }

    void onCommitToken(CommitToken token) {
        s.counters.increment(Counters.COMMIT_TOKEN_RX);
        switch (s.state) {
            case GATHER -> {
                if (!token.complete() && token.members().equals(s.activeMembers())
                        && token.ringId().seq() > s.ringId.seq()
                        && token.members().get(token.entries().size()).equals(s.self)) {
                    commitEnter(token);
                }
            }
            case COMMIT -> {
                if (token.complete() && token.ringId().equals(s.commitToken.ringId()) && carriesMyEntry(token)) {
                    s.timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
                    recovery.recoveryEnter(token);
                    forward(token);
                }
            }
            case RECOVERY -> {
                if (token.complete() && token.ringId().equals(s.ringId) && s.isRepresentative() && !s.initialTokenSent) {
                    s.initialTokenSent = true;
                    s.timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
                    tokens.sendInitial();
                }
            }
            case OPERATIONAL -> { }
        }
    }

    /** The second rotation must carry the membership and the entry I filled on the first. */
    private boolean carriesMyEntry(CommitToken token) {
        int index = s.commitToken.members().indexOf(s.self);
        return token.members().equals(s.commitToken.members())
                && token.entries().get(index).equals(s.commitToken.entries().get(index));
    }

    /** memb_state_commit_enter: fill my entry, persist the new ring seq, pass the token on. */
    private void commitEnter(CommitToken token) {
        int index = token.entries().size();
        Check.that(token.members().get(index).equals(s.self), "commit token reached me out of turn");
        List<CommitToken.Entry> entries = new ArrayList<>(token.entries());
        entries.add(new CommitToken.Entry(s.ringId, s.queue.aru(), s.queue.highDelivered(), s.queue.highSeqReceived(),
                s.queue.aru() == s.queue.highSeqReceived()));
        CommitToken filled = new CommitToken(s.self, token.tokenSeq() + 1, token.ringId(), token.members(), entries, index);
        // The new sequence is durable before any packet that depends on it leaves (TotemOutput step 1).
        s.highestRingSeq = Math.max(s.highestRingSeq, token.ringId().seq());
        s.out.persist(s.highestRingSeq);
        s.state = TotemState.COMMIT;
        s.counters.increment(Counters.COMMIT_ENTERED);
        s.log(TotemEvent.Level.DEBUG, "entering COMMIT state.");
        s.commitToken = filled;
        s.timeouts.cancel(Timeout.JOIN);
        s.timeouts.cancel(Timeout.CONSENSUS);
        s.armTokenLoss();
        if (filled.members().size() == 1) {
            recovery.recoveryEnter(filled);
            return;
        }
        s.sendToken(filled.members().get((index + 1) % filled.members().size()), filled);
    }

    /** Rotation 2: pass the complete token to the next member. */
    private void forward(CommitToken token) {
        int index = token.members().indexOf(s.self);
        Check.that(index >= 0, "commit token of a ring I am not in");
        if (token.members().size() == 1) {
            return;
        }
        CommitToken next = new CommitToken(s.self, token.tokenSeq() + 1, token.ringId(), token.members(),
                token.entries(), index);
        s.sendToken(token.members().get((index + 1) % token.members().size()), next);
    }
}
