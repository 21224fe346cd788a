package org.corral.totem.rrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.corral.totem.base.Check;
import org.corral.totem.core.Destination;
import org.corral.totem.core.Mcast;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.OrfToken;
import org.corral.totem.core.RingId;
import org.corral.totem.core.Send;
import org.corral.totem.core.TotemEvent;
import org.corral.totem.core.TotemMessage;

/**
 * The redundant ring protocol between one node's processor and its transports (corosync 1.4/2.4
 * totemrrp.c, reference/corosync.md A3): a deterministic state machine like the processor. The
 * shell hands it every send ({@link #route}), every received message ({@link #accept}) and ring
 * test ({@link #onRingTest}), the time ({@link #tick}) and the installed members
 * ({@link #membersChanged}); it answers with the sends per ring, and drains log lines and ring
 * test sends through {@link #takeOutput()}.
 *
 * <p>Active: everything goes on every non-faulty ring; the first copy of a token or mcast is
 * delivered at once (corosync waits for every copy or the timer), later copies dropped. A ring
 * that brings no token copy for the expired timeout while another ring does gets a problem per
 * such period; at the threshold the ring is FAULTY. A decrementer lowers the counters every
 * problem-count timeout.
 *
 * <p>Passive: tokens and mcasts alternate over the non-faulty rings; a ring whose token or mcast
 * receive count falls more than the threshold behind the best ring is FAULTY. Deviation: joins,
 * commit tokens, merge detects and hold cancels go on every non-faulty ring in both modes; the
 * processor tolerates duplicates, and membership then never depends on one ring.
 *
 * <p>Recovery: every autorecovery check a node with a faulty ring sends a ring test PROBE on it;
 * peers ACK on the same ring; once every installed member has answered, the activator sends
 * ACTIVATE on every ring and each node re-enables the ring ("Automatically recovered ring N").
 * Deviation: the last non-faulty ring is never marked faulty, so there is always a ring to send
 * on; when no ring connects, the processor's token loss handles it.
 */
public final class RrpCore {
    /** Remembered token/mcast keys for duplicate suppression in active mode. */
    static final int SEEN_KEYS_MAX = 4096;

    private final RrpConfig config;
    private final NodeId self;
    private final int rings;
    private final boolean[] faulty;
    private final int[] problemCounter;
    private final long[] tokenRecv;
    private final long[] mcastRecv;
    private final String[] status;
    private final LinkedHashMap<Object, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
            return size() > SEEN_KEYS_MAX;
        }
    };
    private final List<RingTestSend> testSends = new ArrayList<>();
    private final List<TotemEvent.Log> logs = new ArrayList<>();
    private List<NodeId> members = List.of();
    private long nowMs;
    private int tokenRoundRobin;
    private int mcastRoundRobin;
    /** Active mode: when each ring last brought a token copy (-1: not yet), and the last token_seq. */
    private final long[] lastTokenMs;
    private long lastTokenSeq;
    private long nextDecrementMs;
    private long nextRecoveryCheckMs;
    private long testIdCounter;
    private final long[] pendingTestId;
    private final List<TreeSet<NodeId>> pendingAcks = new ArrayList<>();

    private record TokenKey(RingId ringId, long tokenSeq) {}

    private record McastKey(NodeId sender, RingId ringId, long seq, boolean encapsulated) {}

    /** A ring test message to transmit on {@code ring}. */
    public record RingTestSend(int ring, Destination destination, RingTest message) {}

    /** What the shell must apply after a call: ring test sends, then log lines. */
    public record RrpOutput(List<RingTestSend> sends, List<TotemEvent.Log> logs) {
        public RrpOutput {
            sends = List.copyOf(sends);
            logs = List.copyOf(logs);
        }
    }

    public RrpCore(RrpConfig config, NodeId self, long nowMs) {
        Check.argument(config != null && self != null && nowMs >= 0, "rrp needs a config, a node and a time");
        this.config = config;
        this.self = self;
        this.rings = config.ringCount();
        this.faulty = new boolean[rings];
        this.problemCounter = new int[rings];
        this.tokenRecv = new long[rings];
        this.mcastRecv = new long[rings];
        this.status = new String[rings];
        this.lastTokenMs = new long[rings];
        java.util.Arrays.fill(lastTokenMs, -1);
        this.pendingTestId = new long[rings];
        for (int ring = 0; ring < rings; ring++) {
            status[ring] = activeStatus(ring);
            pendingAcks.add(new TreeSet<>());
        }
        this.nowMs = nowMs;
        this.nextDecrementMs = nowMs + config.problemCountTimeoutMs();
        this.nextRecoveryCheckMs = nowMs + config.autorecoveryCheckTimeoutMs();
    }

    private String activeStatus(int ring) {
        return "ring " + ring + " active with no faults";
    }

    /** The sends for one processor send: one per ring it must go out on. */
    public List<Send> route(Send send) {
        Check.argument(send != null && send.ring() == 0, "the processor sends on ring 0; rrp picks the rings");
        if (rings == 1) {
            return List.of(send);
        }
        TotemMessage message = send.message();
        boolean alternate = config.mode() == RrpMode.PASSIVE && (message instanceof OrfToken || message instanceof Mcast);
        List<Send> out = new ArrayList<>(rings);
        if (alternate) {
            int ring = message instanceof OrfToken ? nextRing(true) : nextRing(false);
            out.add(new Send(ring, send.destination(), message));
            return out;
        }
        for (int ring = 0; ring < rings; ring++) {
            if (!faulty[ring]) {
                out.add(new Send(ring, send.destination(), message));
            }
        }
        return out;
    }

    private int nextRing(boolean token) {
        for (int attempt = 0; attempt < rings; attempt++) {
            int ring = token ? tokenRoundRobin++ % rings : mcastRoundRobin++ % rings;
            tokenRoundRobin %= rings;
            mcastRoundRobin %= rings;
            if (!faulty[ring]) {
                return ring;
            }
        }
        Check.that(false, "every ring is faulty");
        return 0;
    }

    /** Decides whether a received message goes to the processor (false: a duplicate copy). */
    public boolean accept(int ring, TotemMessage message) {
        Check.argument(ring >= 0 && ring < rings && message != null, "accept: bad ring or message");
        if (rings == 1) {
            return true;
        }
        if (message instanceof OrfToken token) {
            return acceptToken(ring, token);
        }
        if (message instanceof Mcast mcast) {
            mcastRecv[ring]++;
            if (config.mode() == RrpMode.PASSIVE) {
                passiveMonitor();
                return true;
            }
            McastKey key = new McastKey(mcast.sender(), mcast.ringId(), mcast.seq(), mcast.body() instanceof Mcast.Encapsulated);
            return seen.put(key, Boolean.TRUE) == null;
        }
        return true;
    }

    private boolean acceptToken(int ring, OrfToken token) {
        tokenRecv[ring]++;
        if (config.mode() == RrpMode.PASSIVE) {
            passiveMonitor();
            return true;
        }
        lastTokenMs[ring] = nowMs;
        lastTokenSeq = token.tokenSeq();
        return seen.put(new TokenKey(token.ringId(), token.tokenSeq()), Boolean.TRUE) == null;
    }

    /** passive_monitor: a ring far behind the best ring's receive count is faulty. */
    private void passiveMonitor() {
        checkBehind(tokenRecv, config.problemCountThreshold());
        checkBehind(mcastRecv, config.problemCountMcastThreshold());
    }

    private void checkBehind(long[] counts, int threshold) {
        long max = 0;
        long min = Long.MAX_VALUE;
        for (int ring = 0; ring < rings; ring++) {
            if (!faulty[ring]) {
                max = Math.max(max, counts[ring]);
                min = Math.min(min, counts[ring]);
            }
        }
        for (int ring = 0; ring < rings; ring++) {
            if (!faulty[ring] && max - counts[ring] > threshold) {
                markFaulty(ring, -1);
            }
        }
        // Keep the counters small: only their differences matter.
        if (min != Long.MAX_VALUE && min > 0) {
            for (int ring = 0; ring < rings; ring++) {
                counts[ring] = Math.max(0, counts[ring] - min);
            }
        }
    }

    private void markFaulty(int ring, long seqId) {
        int working = 0;
        for (boolean f : faulty) {
            working += f ? 0 : 1;
        }
        if (faulty[ring] || working <= 1) {
            return;
        }
        faulty[ring] = true;
        String seqText = seqId >= 0 ? "seqid " + seqId + " " : "";
        status[ring] = "Marking " + seqText + "ringid " + ring + " interface " + config.interfaceNames().get(ring) + " FAULTY";
        log(TotemEvent.Level.ERROR, status[ring]);
    }

    /** Advances time: token copy expiry, problem decrementer, autorecovery probes. */
    public void tick(long now) {
        Check.argument(now >= nowMs, "rrp time went backwards");
        nowMs = now;
        if (rings == 1) {
            return;
        }
        if (config.mode() == RrpMode.ACTIVE) {
            checkTokenCopies();
        }
        if (now >= nextDecrementMs) {
            nextDecrementMs = now + config.problemCountTimeoutMs();
            decrementProblems();
        }
        if (now >= nextRecoveryCheckMs) {
            nextRecoveryCheckMs = now + config.autorecoveryCheckTimeoutMs();
            probeFaultyRings();
        }
    }

    /**
     * Active mode's timer_expired_token, by time rather than per token: a non-faulty ring that
     * brought no token copy for {@code rrp_token_expired_timeout} while another ring did gets one
     * problem per such period. Judged only in ticks, after the loop has read every ring's socket,
     * so a pause of the process (both rings' copies waiting in their buffers) counts nothing.
     */
    private void checkTokenCopies() {
        long newest = -1;
        for (int ring = 0; ring < rings; ring++) {
            if (!faulty[ring]) {
                newest = Math.max(newest, lastTokenMs[ring]);
            }
        }
        if (newest < 0) {
            return;
        }
        for (int ring = 0; ring < rings; ring++) {
            if (faulty[ring]) {
                continue;
            }
            if (lastTokenMs[ring] < 0) {
                lastTokenMs[ring] = newest;
            } else if (newest - lastTokenMs[ring] > config.tokenExpiredTimeoutMs()) {
                lastTokenMs[ring] = newest;
                problem(ring);
            }
        }
    }

    private void problem(int ring) {
        problemCounter[ring]++;
        status[ring] = "Incrementing problem counter for seqid " + lastTokenSeq + " iface "
                + config.interfaceNames().get(ring) + " to [" + problemCounter[ring] + " of " + config.problemCountThreshold() + "]";
        log(TotemEvent.Level.NOTICE, status[ring]);
        if (problemCounter[ring] >= config.problemCountThreshold()) {
            markFaulty(ring, lastTokenSeq);
        }
    }

    private void decrementProblems() {
        for (int ring = 0; ring < rings; ring++) {
            if (faulty[ring] || problemCounter[ring] == 0) {
                continue;
            }
            problemCounter[ring]--;
            if (problemCounter[ring] == 0) {
                status[ring] = activeStatus(ring);
            } else {
                status[ring] = "Decrementing problem counter for iface " + config.interfaceNames().get(ring)
                        + " to [" + problemCounter[ring] + " of " + config.problemCountThreshold() + "]";
            }
            log(TotemEvent.Level.NOTICE, status[ring]);
        }
    }

    private void probeFaultyRings() {
        for (int ring = 0; ring < rings; ring++) {
            if (!faulty[ring]) {
                continue;
            }
            pendingTestId[ring] = ++testIdCounter;
            pendingAcks.get(ring).clear();
            pendingAcks.get(ring).add(self);
            testSends.add(new RingTestSend(ring, Destination.ALL,
                    new RingTest(self, ring, self, pendingTestId[ring], RingTest.Kind.PROBE)));
        }
    }

    /** A ring test message received on {@code ring}. */
    public void onRingTest(int ring, RingTest test) {
        Check.argument(ring >= 0 && test != null, "onRingTest: bad ring or message");
        if (ring >= rings || test.ring() >= rings || test.sender().equals(self)) {
            return;
        }
        switch (test.kind()) {
            case PROBE -> {
                if (ring == test.ring()) {
                    testSends.add(new RingTestSend(ring, Destination.to(test.activator()),
                            new RingTest(self, ring, test.activator(), test.testId(), RingTest.Kind.ACK)));
                }
            }
            case ACK -> onAck(ring, test);
            case ACTIVATE -> {
                if (faulty[test.ring()]) {
                    reenable(test.ring());
                }
            }
        }
    }

    private void onAck(int ring, RingTest test) {
        if (ring != test.ring() || !test.activator().equals(self) || !faulty[ring] || test.testId() != pendingTestId[ring]) {
            return;
        }
        TreeSet<NodeId> acks = pendingAcks.get(ring);
        acks.add(test.sender());
        if (!members.isEmpty() && acks.containsAll(members)) {
            for (int r = 0; r < rings; r++) {
                testSends.add(new RingTestSend(r, Destination.ALL, new RingTest(self, ring, self, test.testId(), RingTest.Kind.ACTIVATE)));
            }
            reenable(ring);
        }
    }

    private void reenable(int ring) {
        faulty[ring] = false;
        problemCounter[ring] = 0;
        lastTokenMs[ring] = -1;
        java.util.Arrays.fill(tokenRecv, 0);
        java.util.Arrays.fill(mcastRecv, 0);
        pendingAcks.get(ring).clear();
        status[ring] = activeStatus(ring);
        log(TotemEvent.Level.NOTICE, "Automatically recovered ring " + ring);
    }

    /** corosync-cfgtool -r: every ring re-enabled, every counter reset. */
    public void resetAll() {
        for (int ring = 0; ring < rings; ring++) {
            faulty[ring] = false;
            problemCounter[ring] = 0;
            lastTokenMs[ring] = -1;
            status[ring] = activeStatus(ring);
            pendingAcks.get(ring).clear();
        }
        java.util.Arrays.fill(tokenRecv, 0);
        java.util.Arrays.fill(mcastRecv, 0);
        log(TotemEvent.Level.NOTICE, "Re-enabling all rings: " + rings + " ring(s) active with no faults");
    }

    /** The members of the installed regular configuration (whom a ring test must reach). */
    public void membersChanged(List<NodeId> installed) {
        Check.argument(installed != null && installed.contains(self), "members must include this node");
        members = List.copyOf(installed);
    }

    public boolean faulty(int ring) {
        return faulty[ring];
    }

    /** The status line per ring, as corosync-cfgtool -s prints it. */
    public List<String> statusLines() {
        return List.of(status);
    }

    public int problemCounter(int ring) {
        return problemCounter[ring];
    }

    /** How many duplicate-suppression keys are held (never above {@link #SEEN_KEYS_MAX}). */
    int seenKeys() {
        return seen.size();
    }

    public RrpConfig config() {
        return config;
    }

    public RrpOutput takeOutput() {
        RrpOutput out = new RrpOutput(testSends, logs);
        testSends.clear();
        logs.clear();
        return out;
    }

    private void log(TotemEvent.Level level, String text) {
        logs.add(new TotemEvent.Log(level, text));
    }
}
