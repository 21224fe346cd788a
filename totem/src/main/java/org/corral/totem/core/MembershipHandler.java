package org.corral.totem.core;

import java.util.List;
import java.util.TreeSet;

import org.corral.totem.base.Check;

/**
 * The GATHER state and the membership algorithm (paper section 4.2; corosync
 * {@code memb_state_gather_enter}, {@code memb_join_process}, {@code memb_consensus_agreed},
 * {@code memb_state_consensus_timeout_expired}), merge detection, token loss and leave.
 *
 * <p>Deviations: in OPERATIONAL a join from a member of my ring is acted on only when it carries
 * a ring sequence at least my ring's (a late join from the gather that formed this ring is
 * stale); corosync could start a commit from OPERATIONAL on such a join.
 */
final class MembershipHandler {
    private final SrpState s;
    private CommitHandler commit;
    private RecoveryHandler recovery;

    MembershipHandler(SrpState state) {
        this.s = state;
    }

    void wire(CommitHandler commitHandler, RecoveryHandler recoveryHandler) {
        this.commit = commitHandler;
        this.recovery = recoveryHandler;
    }

    /** memb_state_gather_enter: announce my sets, restart consensus, wait for agreement. */
    void gatherEnter(String reason) {
        s.state = TotemState.GATHER;
        s.counters.increment(Counters.GATHER_ENTERED);
        s.log(TotemEvent.Level.DEBUG, "entering GATHER state from " + reason + ".");
        s.procList.add(s.self);
        s.failedList.remove(s.self);
        s.consensus.clear();
        s.consensus.add(s.self);
        s.commitToken = null;
        s.heldToken = null;
        s.timeouts.cancel(Timeout.TOKEN);
        s.timeouts.cancel(Timeout.TOKEN_WARNING);
        s.timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
        s.timeouts.cancel(Timeout.TOKEN_HOLD);
        s.timeouts.cancel(Timeout.MERGE_DETECT);
        sendJoin();
        armJoin();
        s.timeouts.arm(Timeout.CONSENSUS, s.nowMs, s.config.consensusTimeoutMs());
        checkConsensus();
    }

    private void armJoin() {
        // Jitter (up to a tenth of join) keeps nodes that entered GATHER together from colliding forever.
        long jitter = s.config.joinTimeoutMs() / 10 <= 0 ? 0 : s.random.nextLong(s.config.joinTimeoutMs() / 10 + 1);
        s.timeouts.arm(Timeout.JOIN, s.nowMs, s.config.joinTimeoutMs() + jitter);
    }

    private void sendJoin() {
        s.out.send(Destination.ALL, new MembJoin(s.self, List.copyOf(s.procList), List.copyOf(s.failedList),
                s.highestRingSeq, false));
        s.counters.increment(Counters.JOIN_TX);
    }

    void onJoinTimeout() {
        if (s.state == TotemState.GATHER) {
            sendJoin();
            armJoin();
        }
    }

    /** memb_state_consensus_timeout_expired: whoever has not agreed is failed. */
    void onConsensusTimeout() {
        if (s.state != TotemState.GATHER) {
            return;
        }
        s.log(TotemEvent.Level.DEBUG, "The consensus timeout expired.");
        s.counters.increment(Counters.CONSENSUS_TIMEOUTS);
        s.counters.increment(Counters.GATHER_TOKEN_LOST);
        for (NodeId node : s.activeMembers()) {
            if (!s.consensus.contains(node)) {
                s.failedList.add(node);
            }
        }
        gatherEnter("consensus timeout");
    }

    /** The token (ORF or commit) did not come back in time. */
    void onTokenTimeout() {
        switch (s.state) {
            case OPERATIONAL -> {
                if (s.singleton()) {
                    return;
                }
                s.log(TotemEvent.Level.DEBUG, "The token was lost in the OPERATIONAL state.");
                s.log(TotemEvent.Level.NOTICE, "A processor failed, forming new configuration.");
                s.counters.increment(Counters.OPERATIONAL_TOKEN_LOST);
                gatherEnter("the token was lost in the OPERATIONAL state");
            }
            case COMMIT -> {
                s.log(TotemEvent.Level.DEBUG, "The token was lost in the COMMIT state.");
                s.counters.increment(Counters.COMMIT_TOKEN_LOST);
                gatherEnter("the token was lost in the COMMIT state");
            }
            case RECOVERY -> {
                s.log(TotemEvent.Level.DEBUG, "The token was lost in the RECOVERY state.");
                s.counters.increment(Counters.RECOVERY_TOKEN_LOST);
                recovery.restoreOldRing();
                gatherEnter("the token was lost in the RECOVERY state");
            }
            case GATHER -> { }
        }
    }

    void onTokenWarning() {
        if (s.state == TotemState.OPERATIONAL && !s.singleton()) {
            s.log(TotemEvent.Level.WARNING, "Token has not been received in " + (s.config.tokenTimeoutMs() * 3 / 4) + " ms");
        }
    }

    void onJoin(MembJoin join) {
        s.counters.increment(Counters.JOIN_RX);
        if (!join.procList().contains(join.sender()) || join.ringSeq() > Long.MAX_VALUE / 4) {
            // A join always lists its sender; a seq near the top would exhaust ring ids.
            s.counters.increment(Counters.RX_MSG_DROPPED);
            return;
        }
        s.highestRingSeq = Math.max(s.highestRingSeq, join.ringSeq());
        if (join.leave()) {
            s.leaveReceived.add(join.sender());
        }
        switch (s.state) {
            case OPERATIONAL -> {
                if (s.members.contains(join.sender()) && join.ringSeq() < s.ringId.seq()) {
                    return;
                }
                if (!s.members.contains(join.sender()) && join.failedList().contains(s.self)) {
                    // An outsider still gathering with me failed: it ignores my joins and will form
                    // its ring without me; merge detection joins us afterwards with fresh sets.
                    // Failing it back here would only re-form my ring and feed a failure cascade.
                    return;
                }
                if (isSubsetOfMine(join) && !s.members.contains(join.sender())) {
                    return;
                }
                joinThenGather(join, "a join in the OPERATIONAL state");
            }
            case GATHER -> joinProcess(join);
            case COMMIT -> {
                if (s.commitToken.members().contains(join.sender()) && join.ringSeq() >= s.commitToken.ringId().seq()) {
                    joinThenGather(join, "a join in the COMMIT state");
                } else if (namesNodeOutsideCommit(join)) {
                    joinThenGather(join, "a join in the COMMIT state naming a processor outside the commit token");
                }
            }
            case RECOVERY -> {
                if (s.members.contains(join.sender()) && join.ringSeq() >= s.ringId.seq()) {
                    recovery.restoreOldRing();
                    joinThenGather(join, "a join in the RECOVERY state");
                }
            }
        }
    }

    /**
     * A member of the commit token I am in gathers with a processor the token leaves out: it has
     * not taken the token (its join predates the new ring's sequence) and never will, since a
     * token is taken only by a processor whose proc minus failed set equals the token's members
     * and proc sets only grow. Without this the ring waits out the token timeout in COMMIT (3 s
     * with ./corral up, 10 s with cman's default) before gathering again: the race of nodes that
     * start together, where one's first merge commits while another's join widens the set.
     */
    private boolean namesNodeOutsideCommit(MembJoin join) {
        List<NodeId> committing = s.commitToken.members();
        if (join.leave() || !committing.contains(join.sender())) {
            return false;
        }
        for (NodeId node : join.procList()) {
            if (!join.failedList().contains(node) && !committing.contains(node) && !s.failedList.contains(node)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSubsetOfMine(MembJoin join) {
        return s.procList.containsAll(join.procList()) && s.failedList.containsAll(join.failedList());
    }

    /** memb_join_process, in GATHER. */
    private void joinProcess(MembJoin join) {
        Check.that(s.state == TotemState.GATHER, "join processed outside GATHER");
        if (sameSets(join)) {
            agree(join);
        } else if (mergeSets(join)) {
            gatherEnter("merge during join");
        }
    }

    /** A join that pulls me out of OPERATIONAL, COMMIT or RECOVERY: take its news, then gather. */
    private void joinThenGather(MembJoin join, String reason) {
        mergeSets(join);
        gatherEnter(reason);
        if (s.state == TotemState.GATHER && sameSets(join)) {
            agree(join);
        }
    }

    private boolean sameSets(MembJoin join) {
        return s.procList.equals(new TreeSet<>(join.procList())) && s.failedList.equals(new TreeSet<>(join.failedList()));
    }

    private void agree(MembJoin join) {
        if (!join.leave()) {
            s.consensus.add(join.sender());
        }
        checkConsensus();
    }

    /** Takes the sender's proc set (and its failed set, as the paper says); true when mine grew. */
    private boolean mergeSets(MembJoin join) {
        NodeId sender = join.sender();
        if (sameSets(join) || isSubsetOfMine(join) || s.failedList.contains(sender)) {
            return false;
        }
        int before = s.procList.size() + s.failedList.size();
        s.procList.addAll(join.procList());
        if (join.failedList().contains(s.self)) {
            s.failedList.add(sender);
        } else if (s.members.contains(sender)) {
            s.failedList.addAll(join.failedList());
        }
        s.failedList.remove(s.self);
        // Both sets only grow, so "changed" is "grew". Re-gathering on a join that changed
        // nothing would answer join with join between two nodes whose failed sets differ for
        // ever (corosync re-enters GATHER regardless); the consensus timeout settles them.
        return s.procList.size() + s.failedList.size() != before;
    }

    /** memb_consensus_agreed + memb_lowest_in_config: the lowest id creates the commit token. */
    private void checkConsensus() {
        if (s.state != TotemState.GATHER) {
            return;
        }
        List<NodeId> active = s.activeMembers();
        Check.that(active.contains(s.self), "I am not among the processors I gather with");
        if (s.consensus.containsAll(active) && active.get(0).equals(s.self)) {
            commit.createAndEnter(active);
        }
    }

    void onMergeDetect(MembMergeDetect merge) {
        s.counters.increment(Counters.MERGE_DETECT_RX);
        if (merge.ringId().equals(s.ringId)) {
            return;
        }
        NodeId sender = merge.sender();
        if (s.state == TotemState.OPERATIONAL && !s.members.contains(sender)) {
            s.procList.add(sender);
            gatherEnter("merge detect from ring " + SrpState.ringText(merge.ringId()));
        } else if (s.state == TotemState.GATHER && !s.procList.contains(sender) && !s.failedList.contains(sender)) {
            s.procList.add(sender);
            gatherEnter("merge detect from ring " + SrpState.ringText(merge.ringId()));
        }
    }

    /** The merge timer: the representative of an idle ring tells other rings it exists. */
    void onMergeDetectTimeout() {
        if (s.state != TotemState.OPERATIONAL || !s.isRepresentative()) {
            return;
        }
        s.out.send(Destination.ALL, new MembMergeDetect(s.self, s.ringId));
        s.counters.increment(Counters.MERGE_DETECT_TX);
        if (s.singleton()) {
            s.timeouts.arm(Timeout.MERGE_DETECT, s.nowMs, s.config.mergeTimeoutMs());
        }
    }

    /** FAILED TO RECEIVE: this node cannot catch up; it leaves the others and forms a ring alone. */
    void failedToReceive() {
        s.log(TotemEvent.Level.NOTICE, "FAILED TO RECEIVE");
        s.failedToReceive = true;
        for (NodeId member : s.members) {
            if (!member.equals(s.self)) {
                s.failedList.add(member);
            }
        }
        gatherEnter("failed to receive");
    }

    /** A clean leave: a LEAVE join lists me as failed so the others need not wait for consensus. */
    void sendLeave() {
        TreeSet<NodeId> failed = new TreeSet<>(s.failedList);
        failed.add(s.self);
        TreeSet<NodeId> proc = new TreeSet<>(s.procList);
        proc.addAll(s.members);
        s.out.send(Destination.ALL, new MembJoin(s.self, List.copyOf(proc), List.copyOf(failed), s.highestRingSeq, true));
        s.counters.increment(Counters.JOIN_TX);
    }
}
