package org.corral.totem.core;

import java.util.ArrayList;
import java.util.List;

import org.corral.totem.base.Check;

/**
 * RECOVERY and the entry to OPERATIONAL with extended virtual synchrony (paper section 4.4;
 * corosync {@code memb_state_recovery_enter}, {@code memb_state_operational_enter},
 * {@code deliver_messages_from_recovery_to_regular}).
 *
 * <p>On entry the transitional set is the new members that come from my old ring. Old-ring
 * messages above the lowest aru of that set are queued to be re-sent, encapsulated, on the new
 * ring; a message is re-sent only by the lowest transitional member whose aru proves it holds
 * it (or by every holder when none does). On OPERATIONAL entry: unwrap those copies, deliver the
 * old ring up to its first hole, the transitional configuration, the remaining old-ring messages
 * whose origin is transitional, then the regular configuration.
 *
 * <p>Deviations: corosync copies every held message above low_ring_aru from every member; here
 * one member answers per message when it can. The transitional and the regular configuration
 * both carry the new ring id (as corosync's confchg callback does); old-ring messages are
 * delivered with their old ring id.
 */
final class RecoveryHandler {
    private final SrpState s;
    private final McastHandler mcast;

    RecoveryHandler(SrpState state, McastHandler mcast) {
        this.s = state;
        this.mcast = mcast;
    }

    void recoveryEnter(CommitToken token) {
        Check.that(token.complete(), "RECOVERY needs a complete commit token");
        s.state = TotemState.RECOVERY;
        s.counters.increment(Counters.RECOVERY_ENTERED);
        List<NodeId> transitional = new ArrayList<>();
        long lowAru = Long.MAX_VALUE;
        long highRingDelivered = 0;
        List<CommitToken.Entry> transitionalEntries = new ArrayList<>();
        for (int i = 0; i < token.members().size(); i++) {
            CommitToken.Entry entry = token.entries().get(i);
            if (entry.oldRingId().equals(s.ringId)) {
                transitional.add(token.members().get(i));
                transitionalEntries.add(entry);
                lowAru = Math.min(lowAru, entry.aru());
                highRingDelivered = Math.max(highRingDelivered, entry.highDelivered());
            }
        }
        Check.that(transitional.contains(s.self), "I am not in my own transitional set");
        s.resetRecoveryProgress();
        for (Mcast old : s.queue.above(lowAru)) {
            if (responsibleForResend(old.seq(), transitional, transitionalEntries)) {
                s.retransQueue.addLast(old);
            }
        }
        s.oldRing = new SrpState.OldRing(s.ringId, s.members, s.queue, List.copyOf(transitional), highRingDelivered);
        s.ringId = token.ringId();
        s.members = token.members();
        s.queue = new SortQueue(token.ringId());
        s.commitToken = null;
        s.resetTokenState();
        s.armTokenLoss();
        if (s.singleton()) {
            operationalEnter();
        }
    }

    private boolean responsibleForResend(long seq, List<NodeId> transitional, List<CommitToken.Entry> entries) {
        for (int i = 0; i < transitional.size(); i++) {
            if (entries.get(i).aru() >= seq) {
                return transitional.get(i).equals(s.self);
            }
        }
        return true;
    }

    /** Token loss in RECOVERY: the new ring never formed; go back to the old one's state. */
    void restoreOldRing() {
        SrpState.OldRing old = s.oldRing;
        Check.that(old != null, "no old ring to restore");
        s.ringId = old.ringId();
        s.members = old.members();
        s.queue = old.queue();
        s.oldRing = null;
        s.resetTokenState();
        s.resetRecoveryProgress();
    }

    /** memb_state_operational_enter: the EVS delivery sequence, then the new ring is live. */
    void operationalEnter() {
        SrpState.OldRing old = s.oldRing;
        Check.that(old != null && s.state == TotemState.RECOVERY, "OPERATIONAL entry outside RECOVERY");
        for (Mcast carrier : s.queue.above(0)) {
            if (carrier.body() instanceof Mcast.Encapsulated wrapped && wrapped.original().ringId().equals(old.ringId())) {
                old.queue().add(wrapped.original());
            }
        }
        SortQueue oldQueue = old.queue();
        long beforeFirstHole = oldQueue.aru();
        long regularLimit = s.config.safeDelivery() ? Math.min(beforeFirstHole, old.highRingDelivered()) : beforeFirstHole;
        for (Mcast next = oldQueue.takeDeliverable(regularLimit); next != null; next = oldQueue.takeDeliverable(regularLimit)) {
            mcast.deliverOne(old.ringId(), next);
        }
        List<NodeId> left = minus(old.members(), old.transitional());
        // A node's first configuration has no transitional one: it comes from no configuration.
        List<NodeId> transitional = s.everInstalled ? old.transitional() : List.of();
        if (s.everInstalled) {
            s.out.event(new TotemEvent.ConfigurationChange(ConfigurationType.TRANSITIONAL, s.ringId, transitional,
                    left, List.of()));
        }
        for (Mcast remaining : oldQueue.above(oldQueue.highDelivered())) {
            if (remaining.seq() <= beforeFirstHole || old.transitional().contains(remaining.origin())) {
                mcast.deliverOne(old.ringId(), remaining);
            }
        }
        s.reassembler.dropAll();
        List<NodeId> joined = minus(s.members, transitional);
        s.out.event(new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR, s.ringId, s.members, List.of(), joined));
        logMembership(joined, left);
        becomeOperational();
    }

    private void logMembership(List<NodeId> joined, List<NodeId> left) {
        StringBuilder text = new StringBuilder("A new membership (").append(SrpState.ringText(s.ringId)).append(") was formed. Members");
        if (!joined.isEmpty()) {
            text.append(" joined:").append(SrpState.nodesText(joined));
        }
        if (!left.isEmpty()) {
            text.append(" left:").append(SrpState.nodesText(left));
        }
        s.log(TotemEvent.Level.NOTICE, text.toString());
        List<NodeId> failed = new ArrayList<>();
        for (NodeId node : left) {
            if (!s.leaveReceived.contains(node)) {
                failed.add(node);
            }
        }
        if (!failed.isEmpty()) {
            s.log(TotemEvent.Level.NOTICE, "Failed to receive the leave message. failed:" + SrpState.nodesText(failed));
        }
    }

    private void becomeOperational() {
        s.state = TotemState.OPERATIONAL;
        s.counters.increment(Counters.OPERATIONAL_ENTERED);
        s.oldRing = null;
        s.everInstalled = true;
        s.installedRingId = s.ringId;
        s.installedMembers = s.members;
        s.procList.clear();
        s.procList.addAll(s.members);
        s.failedList.clear();
        s.consensus.clear();
        s.leaveReceived.clear();
        s.failedToReceive = false;
        s.fragmenter.restartPartial();
        s.timeouts.cancel(Timeout.JOIN);
        s.timeouts.cancel(Timeout.CONSENSUS);
        if (s.singleton()) {
            s.timeouts.cancel(Timeout.TOKEN);
            s.timeouts.cancel(Timeout.TOKEN_WARNING);
            s.timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
            s.timeouts.arm(Timeout.MERGE_DETECT, s.nowMs, s.config.mergeTimeoutMs());
        }
        mcast.deliverAgreed();
    }

    private static List<NodeId> minus(List<NodeId> from, List<NodeId> remove) {
        List<NodeId> result = new ArrayList<>();
        for (NodeId node : from) {
            if (!remove.contains(node)) {
                result.add(node);
            }
        }
        return result;
    }
}
