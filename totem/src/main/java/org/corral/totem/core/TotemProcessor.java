package org.corral.totem.core;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.corral.totem.base.Check;

/**
 * One node's totem SRP processor (Amir et al., TOCS 1995; corosync exec/totemsrp.c).
 * Exactly one thread (the event loop, or the simulator) calls it. It never reads a clock, opens
 * a socket, sleeps or starts a thread: time arrives through {@link #tick}, randomness through the
 * injected generator, and every effect leaves through {@link #takeOutput()}.
 *
 * <p>The shell's contract:
 * <ol>
 *   <li>Construct with the last ring sequence persisted by this node (0 on first start), then call
 *       {@link #start(long)} once.</li>
 *   <li>Call {@link #tick(long)} whenever time advances (at least every few ms of virtual or real time);
 *       time never goes backwards. {@link #receive} and {@link #submit} use the time of the last tick.</li>
 *   <li>After every call, drain {@link #takeOutput()} and apply it as {@link TotemOutput} says.</li>
 *   <li>A {@link Destination.ToAll} send need not come back to its sender: the processor keeps its
 *       own copy, and ignores packets whose sender is itself.</li>
 * </ol>
 *
 * <p>This class only dispatches: one handler per state or message kind does the work
 * ({@link MembershipHandler} GATHER, {@link CommitHandler} COMMIT, {@link RecoveryHandler}
 * RECOVERY and OPERATIONAL entry, {@link TokenHandler} the ORF token, {@link McastHandler} data),
 * and {@link #invariants()} runs after every event.
 */
public final class TotemProcessor {
    private final SrpState s;
    private final MembershipHandler membership;
    private final McastHandler mcast;
    private final TokenHandler tokens;
    private final RecoveryHandler recovery;
    private final CommitHandler commit;

    public TotemProcessor(TotemConfig config, long persistedRingSeq, RandomGenerator random) {
        Check.argument(config != null && random != null, "totem processor needs a config and a random generator");
        Check.argument(persistedRingSeq >= 0 && persistedRingSeq < Long.MAX_VALUE / 2,
                "persisted ring seq " + persistedRingSeq + " is out of range");
        s = new SrpState(config, persistedRingSeq, random);
        membership = new MembershipHandler(s);
        mcast = new McastHandler(s, membership);
        tokens = new TokenHandler(s, mcast, membership);
        recovery = new RecoveryHandler(s, mcast);
        commit = new CommitHandler(s, recovery, tokens);
        membership.wire(commit, recovery);
        tokens.wire(recovery);
    }

    /** Starts the processor: it enters GATHER and announces itself with a join. */
    public void start(long nowMs) {
        Check.argument(!s.started, "start called twice");
        if (!(nowMs >= 0)) {
            Check.argument(false, "time " + nowMs + " is negative");
        }
        s.started = true;
        s.nowMs = nowMs;
        s.out.persist(s.highestRingSeq);
        s.log(TotemEvent.Level.NOTICE, "Initializing transport (deterministic core), node " + s.self + ".");
        membership.gatherEnter("startup");
        afterEvent();
    }

    /** The only source of time; fires every timeout that has expired. */
    public void tick(long nowMs) {
        requireStarted();
        if (!(nowMs >= s.nowMs)) {
            Check.argument(false, "time went backwards: " + nowMs + " < " + s.nowMs);
        }
        long pausedMs = nowMs - s.nowMs;
        s.nowMs = nowMs;
        if (s.left) {
            return;
        }
        if (pausedMs > s.config.tokenTimeoutMs() / 2) {
            // corosync's pause_flush: the loop did not run for a long while (SIGSTOP, swapping).
            s.log(TotemEvent.Level.WARNING, "Process pause detected for " + pausedMs + " ms, flushing membership messages.");
        }
        for (Timeout timeout : s.timeouts.takeExpired(nowMs)) {
            fire(timeout);
        }
        afterEvent();
    }

    /** The timeout table: what each named timer does when it expires. */
    private void fire(Timeout timeout) {
        switch (timeout) {
            case TOKEN -> membership.onTokenTimeout();
            case TOKEN_WARNING -> membership.onTokenWarning();
            case TOKEN_RETRANSMIT -> {
                if (s.state != TotemState.GATHER) {
                    s.retransmitToken();
                }
            }
            case TOKEN_HOLD -> tokens.releaseHeldToken();
            case JOIN -> membership.onJoinTimeout();
            case CONSENSUS -> membership.onConsensusTimeout();
            case MERGE_DETECT -> membership.onMergeDetectTimeout();
        }
    }

    /** A decoded, authenticated packet from {@code source} on ring {@code ring}. */
    public void receive(int ring, NodeId source, TotemMessage message) {
        requireStarted();
        Check.argument(message != null && source != null, "receive needs a source and a message");
        if (s.left) {
            return;
        }
        if (ring < 0 || ring > 1 || !message.sender().equals(source)) {
            s.counters.increment(Counters.RX_MSG_DROPPED);
            return;
        }
        if (source.equals(s.self)) {
            // My own multicast looped back: I handled my copy when I sent it.
            return;
        }
        if (message instanceof OrfToken token) {
            tokens.onToken(token);
        } else if (message instanceof Mcast data) {
            mcast.onMcast(data);
        } else if (message instanceof MembJoin join) {
            membership.onJoin(join);
        } else if (message instanceof CommitToken token) {
            commit.onCommitToken(token);
        } else if (message instanceof MembMergeDetect merge) {
            membership.onMergeDetect(merge);
        } else if (message instanceof TokenHoldCancel cancel) {
            tokens.onHoldCancel(cancel);
        }
        afterEvent();
    }

    /** Queues an application message for agreed delivery; bounded, never blocks. */
    public SubmitResult submit(byte[] payload) {
        requireStarted();
        Check.argument(payload != null, "submit needs a payload");
        if (s.left) {
            return SubmitResult.TRY_AGAIN;
        }
        SubmitResult result = s.fragmenter.offer(payload);
        if (result == SubmitResult.ACCEPTED) {
            tokens.signalData();
        }
        afterEvent();
        return result;
    }

    /** Leaves the ring cleanly (a LEAVE join); the others form a new ring without this node. */
    public void leave() {
        requireStarted();
        if (s.left) {
            return;
        }
        membership.sendLeave();
        s.log(TotemEvent.Level.NOTICE, "Node " + s.self + " leaves the membership.");
        s.left = true;
        s.timeouts.cancelAll();
    }

    /**
     * A hint from the shell that {@code node} looks gone (ICMP port unreachable for a token sent
     * to it). When it is the token's next hop in OPERATIONAL or RECOVERY, the token counts as lost
     * now instead of after the token timeout. The node is not failed by it: only the consensus
     * timeout excludes a node, so a wrong hint costs one re-formed ring, never a member.
     */
    public void suspect(NodeId node) {
        requireStarted();
        Check.argument(node != null, "suspect needs a node");
        if (s.left) {
            return;
        }
        s.counters.increment(Counters.SUSPECT_HINTS);
        boolean live = s.state == TotemState.OPERATIONAL || s.state == TotemState.RECOVERY;
        if (live && !node.equals(s.self) && s.members.contains(node) && node.equals(s.nextMember())) {
            s.timeouts.cancel(Timeout.TOKEN);
            membership.onTokenTimeout();
        }
        afterEvent();
    }

    /** Everything produced since the last call. */
    public TotemOutput takeOutput() {
        return s.out.take();
    }

    /** OPERATIONAL, GATHER, COMMIT or RECOVERY. */
    public TotemState state() {
        return s.state;
    }

    /** The ring of the last regular configuration delivered (before the first: a ring of this node alone). */
    public RingId ringId() {
        return s.installedRingId;
    }

    /** The members of that configuration, sorted by node id. */
    public List<NodeId> members() {
        return s.installedMembers;
    }

    /** True after {@link #leave()}: the processor ignores every further input. */
    public boolean hasLeft() {
        return s.left;
    }

    /** The earliest armed timeout, or Long.MAX_VALUE: a shell may sleep until then. */
    public long nextDeadlineMs() {
        return s.timeouts.nextDeadlineMs();
    }

    /**
     * Frames waiting in the submit queue (not yet numbered on a ring). A shell or a simulator can
     * wait for 0 before it expects every accepted payload delivered: a loaded ring carries about
     * window_size frames per token rotation, so a full queue can take a while.
     */
    public int pendingFrames() {
        return s.fragmenter.queuedFrames();
    }

    /** Counters by corosync's names (orf_token_tx, mcast_rx, ...), in a stable order. */
    public Map<String, Long> counters() {
        return s.counters.snapshot();
    }

    private void requireStarted() {
        Check.argument(s.started, "the processor has not been started");
    }

    private void afterEvent() {
        if (s.state == TotemState.OPERATIONAL && s.singleton() && !s.fragmenter.isEmpty()) {
            tokens.singletonVisit();
        }
        invariants();
    }

    /** The always-on checks, run after every event; throws IllegalStateException when broken. */
    public void invariants() {
        Check.that(s.members.contains(s.self), "I am not in my ring's member list");
        Check.that(s.ringId.seq() <= s.highestRingSeq, "ring seq above the highest seen");
        Check.that(s.procList.contains(s.self) || s.left, "I am not in my proc set");
        Check.that(!s.failedList.contains(s.self), "I am in my own failed set");
        Check.that(s.procList.containsAll(s.consensus), "consensus from outside the proc set");
        Check.that((s.state == TotemState.COMMIT) == (s.commitToken != null), "commit token held outside COMMIT");
        Check.that((s.state == TotemState.RECOVERY) == (s.oldRing != null), "old ring kept outside RECOVERY");
        Check.that(s.state != TotemState.OPERATIONAL || s.failedList.isEmpty(), "failed set not empty in OPERATIONAL");
        Check.that(s.heldToken == null || s.state == TotemState.OPERATIONAL, "token held outside OPERATIONAL");
        for (int i = 1; i < s.members.size(); i++) {
            Check.that(s.members.get(i - 1).compareTo(s.members.get(i)) < 0, "members not sorted");
        }
        s.queue.checkInvariants();
        s.fragmenter.checkInvariants();
        s.reassembler.checkInvariants();
    }
}
