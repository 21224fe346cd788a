package org.corral.totem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.corral.totem.base.Check;

/**
 * The ORF token in OPERATIONAL and RECOVERY (paper section 3; corosync
 * {@code message_handler_orf_token}): release, answer retransmission requests, send new frames
 * within the flow-control allowance, ask for what I miss, lower the aru, check fail-to-receive,
 * forward, then deliver. Also the idle-ring token hold and the one-node ring.
 *
 * <p>Deviations: messages are released (and, with safeDelivery, delivered) up to the lower of the
 * token's aru on my last two visits, the bound that proves every member holds them. A ring of one
 * node passes no token: its visit runs inline whenever there is something to send.
 */
final class TokenHandler {
    private final SrpState s;
    private final McastHandler mcast;
    private final MembershipHandler membership;
    private RecoveryHandler recovery;

    /** The token being worked on during one visit. */
    private static final class Draft {
        long tokenSeq;
        long seq;
        long aru;
        Optional<NodeId> aruAddr;
        int backlog;
        int fcc;
        boolean retransFlg;
        final List<OrfToken.RtrItem> rtrList;

        Draft(OrfToken token) {
            tokenSeq = token.tokenSeq();
            seq = token.seq();
            aru = token.aru();
            aruAddr = token.aruAddr();
            backlog = token.backlog();
            fcc = token.fcc();
            retransFlg = token.retransFlg();
            rtrList = new ArrayList<>(token.rtrList());
        }

        OrfToken build(NodeId sender, RingId ring) {
            return new OrfToken(sender, ring, tokenSeq, seq, aru, aruAddr, backlog, fcc, retransFlg, rtrList);
        }
    }

    TokenHandler(SrpState state, McastHandler mcast, MembershipHandler membership) {
        this.s = state;
        this.mcast = mcast;
        this.membership = membership;
    }

    void wire(RecoveryHandler recoveryHandler) {
        this.recovery = recoveryHandler;
    }

    void onToken(OrfToken token) {
        boolean live = s.state == TotemState.OPERATIONAL || s.state == TotemState.RECOVERY;
        if (!live || !token.ringId().equals(s.ringId) || token.tokenSeq() <= s.lastTokenSeq) {
            // Another ring's token, a duplicate, or a retransmitted copy I already handled.
            return;
        }
        s.counters.increment(Counters.ORF_TOKEN_RX);
        visit(token);
    }

    /** orf_token_send_initial: the representative starts the new ring's token in RECOVERY. */
    void sendInitial() {
        Check.that(s.state == TotemState.RECOVERY && s.isRepresentative(), "only the representative starts the token");
        s.mySetRetransFlg = true;
        visit(new OrfToken(s.self, s.ringId, 0, 0, 0, Optional.empty(), 0, 0, true, List.of()));
    }

    private void visit(OrfToken token) {
        s.lastTokenSeq = token.tokenSeq();
        s.timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
        s.armTokenLoss();
        s.counters.tokenReceived(s.nowMs, token.backlog());
        Draft draft = new Draft(token);
        boolean aruStuck = token.aru() == s.previousTokenAru && token.aruAddr().equals(Optional.of(s.self))
                && token.aru() < token.seq();
        if (s.previousTokenAru >= 0) {
            s.safeLimit = Math.max(s.safeLimit, Math.min(token.aru(), s.previousTokenAru));
        }
        s.previousTokenAru = token.aru();
        if (s.state == TotemState.OPERATIONAL) {
            s.queue.release(s.safeLimit);
        }
        trackIdle(token);
        int backlogNow = backlogNow();
        // Repairs first, bounded by the window only: a hole stalls delivery for the whole ring,
        // so retransmissions do not wait for this node's backlog share.
        int windowAllowed = Math.max(0, Math.min(s.config.maxMessages(), s.config.windowSize() - draft.fcc));
        int sent = answerRetransmits(draft, windowAllowed);
        int allowed = FlowControl.allowed(s.config, draft.fcc, draft.backlog, backlogNow, s.previousBacklog);
        long room = s.queue.lastReleased() + SortQueue.framesAheadMax(s.config) - s.config.windowSize() - draft.seq;
        allowed = (int) Math.max(0, Math.min(Math.min(allowed, room), windowAllowed - sent));
        sent += sendNew(draft, allowed);
        requestRetransmits(draft);
        updateAru(draft);
        if (s.state == TotemState.RECOVERY) {
            recoveryProgress(draft);
        }
        s.aruUnchangedCount = aruStuck && s.state == TotemState.OPERATIONAL ? s.aruUnchangedCount + 1 : 0;
        if (s.aruUnchangedCount > s.config.failRecvConst()) {
            membership.failedToReceive();
            return;
        }
        draft.fcc = FlowControl.updatedFcc(draft.fcc, sent, s.sentLastRotation);
        draft.backlog = FlowControl.updatedBacklog(draft.backlog, backlogNow(), s.previousBacklog);
        s.sentLastRotation = sent;
        s.previousBacklog = backlogNow();
        draft.tokenSeq++;
        forwardOrHold(draft.build(s.self, s.ringId), sent);
        if (s.state == TotemState.OPERATIONAL) {
            mcast.deliverAgreed();
        } else if (readyForOperational(draft)) {
            recovery.operationalEnter();
        }
    }

    private int backlogNow() {
        return s.state == TotemState.RECOVERY ? s.retransQueue.size() : s.fragmenter.queuedFrames();
    }

    /** Counts visits with an unchanged ring seq: the idle ring's token hold and merge detection. */
    private void trackIdle(OrfToken token) {
        if (token.seq() == s.previousTokenSeqValue && s.state == TotemState.OPERATIONAL) {
            s.seqUnchangedCount++;
            if (s.isRepresentative()) {
                s.timeouts.armIfIdle(Timeout.MERGE_DETECT, s.nowMs, s.config.mergeTimeoutMs());
            } else if (s.seqUnchangedCount >= s.config.seqnoUnchangedConst()) {
                s.tokenHeldFlag = true;
            }
        } else {
            s.seqUnchangedCount = 0;
            s.tokenHeldFlag = false;
            s.timeouts.cancel(Timeout.MERGE_DETECT);
        }
        s.previousTokenSeqValue = token.seq();
    }

    /** orf_token_rtr, first half: re-multicast what others asked for and I hold. */
    private int answerRetransmits(Draft draft, int allowed) {
        int sent = 0;
        List<OrfToken.RtrItem> kept = new ArrayList<>();
        for (OrfToken.RtrItem item : draft.rtrList) {
            if (!item.ringId().equals(s.ringId)) {
                continue;
            }
            Mcast held = s.queue.get(item.seq());
            if (held != null && sent < allowed) {
                s.out.send(Destination.ALL, held.resentBy(s.self));
                s.counters.increment(Counters.MCAST_RETX);
                sent++;
            } else {
                kept.add(item);
            }
        }
        draft.rtrList.clear();
        draft.rtrList.addAll(kept);
        return sent;
    }

    /** orf_token_mcast: new frames (OPERATIONAL) or encapsulated old-ring messages (RECOVERY). */
    private int sendNew(Draft draft, int allowed) {
        int sent = 0;
        while (sent < allowed) {
            Mcast.Body body;
            if (s.state == TotemState.RECOVERY) {
                if (s.retransQueue.isEmpty()) {
                    break;
                }
                body = new Mcast.Encapsulated(s.retransQueue.pollFirst());
            } else {
                if (s.fragmenter.isEmpty()) {
                    break;
                }
                body = s.fragmenter.nextFrame();
            }
            draft.seq++;
            Mcast message = new Mcast(s.self, s.self, s.ringId, draft.seq, body);
            if (!s.queue.add(message)) {
                Check.that(false, "my own new message " + draft.seq + " did not fit the sort queue");
            }
            s.out.send(Destination.ALL, message);
            s.counters.increment(Counters.MCAST_TX);
            sent++;
        }
        return sent;
    }

    /** orf_token_rtr, second half: ask for holes missed miss_count_const times. */
    private void requestRetransmits(Draft draft) {
        int room = OrfToken.RTR_ENTRIES_MAX - draft.rtrList.size();
        for (long seq : s.queue.missedEnough(draft.seq, s.config.missCountConst(), room)) {
            OrfToken.RtrItem item = new OrfToken.RtrItem(s.ringId, seq);
            if (!draft.rtrList.contains(item) && draft.rtrList.size() < OrfToken.RTR_ENTRIES_MAX) {
                draft.rtrList.add(item);
            }
        }
    }

    /** The token aru: lower it to mine, or raise it if I was the one who lowered it. */
    private void updateAru(Draft draft) {
        long myAru = s.queue.aru();
        boolean mine = draft.aruAddr.isEmpty() || draft.aruAddr.get().equals(s.self);
        if (myAru < draft.aru || mine) {
            draft.aru = myAru;
            draft.aruAddr = myAru == draft.seq ? Optional.empty() : Optional.of(s.self);
        }
    }

    /**
     * corosync's retrans_flg rule: the flag is up while anyone still has old-ring messages to
     * send. Only a node that finds it down raises it, and only that owner lowers it, so the flag
     * has one owner at a time and cannot be lowered under a node that still has work.
     */
    private void recoveryProgress(Draft draft) {
        if (!s.retransQueue.isEmpty()) {
            if (!draft.retransFlg) {
                draft.retransFlg = true;
                s.mySetRetransFlg = true;
            }
        } else if (draft.retransFlg && s.mySetRetransFlg) {
            draft.retransFlg = false;
            s.mySetRetransFlg = false;
        }
        s.retransFlgCount = draft.retransFlg ? 0 : s.retransFlgCount + 1;
        if (s.retransFlgCount == 2) {
            s.installSeq = draft.seq;
        }
    }

    /** Every member holds every re-sent message: the token aru covered install_seq twice. */
    private boolean readyForOperational(Draft draft) {
        if (s.state != TotemState.RECOVERY || s.retransFlgCount < 2 || s.installSeq < 0) {
            return false;
        }
        if (s.safeLimit >= s.installSeq && s.queue.aru() >= s.installSeq) {
            s.rotationCounter++;
        } else {
            s.rotationCounter = 0;
        }
        return s.rotationCounter >= 2;
    }

    private void forwardOrHold(OrfToken token, int sent) {
        boolean hold = s.isRepresentative() && s.state == TotemState.OPERATIONAL
                && s.seqUnchangedCount > s.config.seqnoUnchangedConst() && sent == 0
                && s.fragmenter.isEmpty() && token.rtrList().isEmpty();
        if (hold) {
            // An idle ring: keep the token here for `hold` ms instead of spinning it.
            s.heldToken = token;
            s.timeouts.arm(Timeout.TOKEN_HOLD, s.nowMs, s.config.tokenHoldTimeoutMs());
            return;
        }
        s.sendToken(s.nextMember(), token);
    }

    /** The hold timer, or a token hold cancel, or local data: let the held token go. */
    void releaseHeldToken() {
        s.timeouts.cancel(Timeout.TOKEN_HOLD);
        if (s.heldToken == null) {
            return;
        }
        OrfToken token = s.heldToken;
        s.heldToken = null;
        s.sendToken(s.nextMember(), token);
    }

    void onHoldCancel(TokenHoldCancel cancel) {
        s.counters.increment(Counters.HOLD_CANCEL_RX);
        if (cancel.ringId().equals(s.ringId) && s.state == TotemState.OPERATIONAL) {
            s.seqUnchangedCount = 0;
            releaseHeldToken();
        }
    }

    /** Local data arrived (totemsrp_event_signal): make sure a token comes to carry it. */
    void signalData() {
        if (s.state != TotemState.OPERATIONAL) {
            return;
        }
        if (s.singleton()) {
            singletonVisit();
        } else if (s.heldToken != null) {
            s.seqUnchangedCount = 0;
            releaseHeldToken();
        } else if (s.tokenHeldFlag) {
            s.tokenHeldFlag = false;
            s.out.send(Destination.ALL, new TokenHoldCancel(s.self, s.ringId));
            s.counters.increment(Counters.HOLD_CANCEL_TX);
        }
    }

    /** A ring of one: number, multicast (others may hear and merge) and deliver at once. */
    void singletonVisit() {
        if (s.state != TotemState.OPERATIONAL || !s.singleton()) {
            return;
        }
        while (!s.fragmenter.isEmpty() && s.queue.size() < SortQueue.ITEMS_MAX - 1) {
            Mcast message = new Mcast(s.self, s.self, s.ringId, s.queue.highSeqReceived() + 1, s.fragmenter.nextFrame());
            Check.that(s.queue.add(message), "singleton message did not fit the sort queue");
            s.out.send(Destination.ALL, message);
            s.counters.increment(Counters.MCAST_TX);
        }
        s.safeLimit = s.queue.aru();
        mcast.deliverAgreed();
        s.queue.release(s.queue.highDelivered());
    }
}
