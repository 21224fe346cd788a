package org.corral.totem.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import org.corral.totem.base.Check;

/**
 * The state one node's handlers share (corosync {@code struct totemsrp_instance}, cut down). The
 * handlers ({@link MembershipHandler}, {@link CommitHandler}, {@link TokenHandler},
 * {@link RecoveryHandler}, {@link McastHandler}) read and change it; only {@link TotemProcessor}
 * dispatches to them. Package-private: the outside sees the processor only.
 */
final class SrpState {
    final TotemConfig config;
    final NodeId self;
    final RandomGenerator random;
    final Effects out = new Effects();
    final Counters counters = new Counters();
    final Timeouts timeouts = new Timeouts();
    final Fragmenter fragmenter;
    final Reassembler reassembler;

    long nowMs;
    TotemState state = TotemState.GATHER;
    boolean started;
    boolean left;

    /** The ring this node is in (the old one until RECOVERY, the new one from RECOVERY on). */
    RingId ringId;
    /** Its members, sorted; the first is the representative. */
    List<NodeId> members;
    /** Messages of {@link #ringId}. */
    SortQueue queue;
    /** The highest ring sequence seen anywhere; new rings go 4 above it. */
    long highestRingSeq;

    // Membership (paper section 4): proc set, failed set, who agrees with my sets.
    final TreeSet<NodeId> procList = new TreeSet<>();
    final TreeSet<NodeId> failedList = new TreeSet<>();
    final TreeSet<NodeId> consensus = new TreeSet<>();
    /** Members that announced their leave (so the log does not call them failed). */
    final TreeSet<NodeId> leaveReceived = new TreeSet<>();
    boolean failedToReceive;

    /** The processors I am trying to form a ring with: proc set minus failed set, in id order. */
    List<NodeId> activeMembers() {
        List<NodeId> active = new ArrayList<>();
        for (NodeId node : procList) {
            if (!failedList.contains(node)) {
                active.add(node);
            }
        }
        return active;
    }

    /** In COMMIT: the commit token that put me there (its ring id is the ring being formed). */
    CommitToken commitToken;
    /** In RECOVERY: what is kept of the old ring until OPERATIONAL entry (or a restore). */
    OldRing oldRing;

    // Token handling of the current ring.
    long lastTokenSeq = -1;
    TotemMessage lastTokenSent;
    NodeId lastTokenTarget;
    long previousTokenAru = -1;
    long previousTokenSeqValue = -1;
    int seqUnchangedCount;
    OrfToken heldToken;
    boolean tokenHeldFlag;
    int aruUnchangedCount;
    int sentLastRotation;
    int previousBacklog;
    /** Safe delivery bound: every member is proven to hold the messages up to here. */
    long safeLimit;

    /** False until the first regular configuration: before it this node was in no configuration. */
    boolean everInstalled;
    /** The last installed (regular) configuration, for the layer above and the checkers. */
    RingId installedRingId;
    List<NodeId> installedMembers;

    // RECOVERY progress (corosync retrans_flg logic).
    final ArrayDeque<Mcast> retransQueue = new ArrayDeque<>();
    boolean mySetRetransFlg;
    int retransFlgCount;
    long installSeq = -1;
    int rotationCounter;
    boolean initialTokenSent;

    /** The old ring during RECOVERY: its id, members, messages and the EVS facts of the commit. */
    record OldRing(RingId ringId, List<NodeId> members, SortQueue queue, List<NodeId> transitional,
                   long highRingDelivered) {}

    SrpState(TotemConfig config, long persistedRingSeq, RandomGenerator random) {
        this.config = config;
        this.self = config.self();
        this.random = random;
        this.fragmenter = new Fragmenter(config);
        this.reassembler = new Reassembler(config.payloadBytesMax());
        // A restarted node must never claim a real ring as its old one (it lost that ring's
        // messages): it starts in a ring of itself one above anything it persisted, which no
        // real ring can have, and persists that at start.
        this.highestRingSeq = persistedRingSeq + 1;
        this.ringId = new RingId(self, persistedRingSeq + 1);
        this.members = List.of(self);
        this.queue = new SortQueue(ringId);
        this.installedRingId = ringId;
        this.installedMembers = members;
    }

    boolean isRepresentative() {
        return members.get(0).equals(self);
    }

    boolean singleton() {
        return members.size() == 1;
    }

    /** The member after me on the ring (the token's next stop). */
    NodeId nextMember() {
        int index = members.indexOf(self);
        if (!(index >= 0)) {
            Check.that(false, "I am not a member of my own ring " + ringId);
        }
        return members.get((index + 1) % members.size());
    }

    void sendToken(NodeId target, TotemMessage token) {
        Check.that(!target.equals(self), "a token addressed to myself");
        out.send(Destination.to(target), token);
        lastTokenSent = token;
        lastTokenTarget = target;
        counters.increment(token instanceof OrfToken ? Counters.ORF_TOKEN_TX : Counters.COMMIT_TOKEN_TX);
        timeouts.arm(Timeout.TOKEN_RETRANSMIT, nowMs, config.tokenRetransmitTimeoutMs());
    }

    /** Re-sends the last token when nothing shows the next member got it (token_retransmit). */
    void retransmitToken() {
        if (lastTokenSent == null || lastTokenTarget == null) {
            return;
        }
        out.send(Destination.to(lastTokenTarget), lastTokenSent);
        counters.increment(lastTokenSent instanceof OrfToken ? Counters.ORF_TOKEN_TX : Counters.COMMIT_TOKEN_TX);
        timeouts.arm(Timeout.TOKEN_RETRANSMIT, nowMs, config.tokenRetransmitTimeoutMs());
    }

    /** Forgets the token bookkeeping of a ring (a new ring starts, or this one is abandoned). */
    void resetTokenState() {
        lastTokenSeq = -1;
        lastTokenSent = null;
        lastTokenTarget = null;
        previousTokenAru = -1;
        previousTokenSeqValue = -1;
        seqUnchangedCount = 0;
        heldToken = null;
        tokenHeldFlag = false;
        aruUnchangedCount = 0;
        safeLimit = 0;
        sentLastRotation = 0;
        previousBacklog = 0;
        timeouts.cancel(Timeout.TOKEN_RETRANSMIT);
        timeouts.cancel(Timeout.TOKEN_HOLD);
    }

    void resetRecoveryProgress() {
        retransQueue.clear();
        mySetRetransFlg = false;
        retransFlgCount = 0;
        installSeq = -1;
        rotationCounter = 0;
        initialTokenSent = false;
    }

    void armTokenLoss() {
        timeouts.arm(Timeout.TOKEN, nowMs, config.tokenTimeoutMs());
        timeouts.arm(Timeout.TOKEN_WARNING, nowMs, config.tokenTimeoutMs() * 3 / 4);
    }

    void log(TotemEvent.Level level, String text) {
        out.log(level, text);
    }

    /** corosync 3 prints ring ids as rep.seq in hex ("1.8"). */
    static String ringText(RingId ring) {
        return Integer.toHexString(ring.representative().value()) + "." + Long.toHexString(ring.seq());
    }

    static String nodesText(Iterable<NodeId> nodes) {
        StringBuilder text = new StringBuilder();
        for (NodeId node : nodes) {
            text.append(' ').append(node);
        }
        return text.toString();
    }
}
