package org.corral.totem.core;

import java.util.List;

/**
 * Receipt of mcast messages and their delivery in agreed (or safe) order. Paper section 3.2;
 * corosync {@code message_handler_mcast} and {@code messages_deliver_to_app}.
 *
 * <p>Deviation: a message is delivered as soon as it and everything before it are here (agreed
 * order, as corosync). With {@code safeDelivery}, only up to the bound the token proves every
 * member has (the lower of the token's aru on two successive visits).
 */
final class McastHandler {
    private final SrpState s;
    private final MembershipHandler membership;

    McastHandler(SrpState state, MembershipHandler membership) {
        this.s = state;
        this.membership = membership;
    }

    void onMcast(Mcast message) {
        s.counters.increment(Counters.MCAST_RX);
        if (message.ringId().equals(s.ringId)) {
            if (!s.queue.add(message)) {
                return;
            }
            if (s.lastTokenSent instanceof OrfToken sent && message.sender().equals(s.lastTokenTarget)
                    && message.seq() > sent.seq()) {
                // The next member sends new messages: it has the token I forwarded. Any other
                // mcast proves nothing (it may be late, reordered, or a retransmission).
                s.timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
            }
            if (s.state == TotemState.OPERATIONAL) {
                deliverAgreed();
            }
            return;
        }
        boolean recovering = message.body() instanceof Mcast.Encapsulated;
        if (s.state == TotemState.OPERATIONAL && !s.members.contains(message.sender()) && !recovering) {
            // A node of another ring can hear us: merge (corosync merges system_from on a foreign
            // mcast). Not on a recovery copy: that ring is in RECOVERY and ignores our joins; it
            // announces itself once OPERATIONAL.
            s.procList.add(message.sender());
            membership.gatherEnter("foreign mcast from " + message.sender());
            return;
        }
        s.counters.increment(Counters.RX_MSG_DROPPED);
    }

    /** Delivers the contiguous prefix of the current ring the delivery mode allows. */
    void deliverAgreed() {
        long limit = s.config.safeDelivery() ? s.safeLimit : Long.MAX_VALUE;
        for (Mcast next = s.queue.takeDeliverable(limit); next != null; next = s.queue.takeDeliverable(limit)) {
            deliverOne(s.queue.ringId, next);
        }
    }

    /** Hands one message's payloads to the layer above (encapsulated copies were unwrapped earlier). */
    void deliverOne(RingId ring, Mcast message) {
        if (message.body() instanceof Mcast.Packed packed) {
            List<byte[]> payloads = s.reassembler.accept(message.origin(), packed);
            for (byte[] payload : payloads) {
                s.out.event(new TotemEvent.Delivered(message.origin(), ring, payload));
            }
        }
    }
}
