package org.corral.quorum.qdisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node's qdiskd, one cycle at a time (cluster 3 {@code cman/qdisk/main.c}: quorum_init,
 * quorum_loop, check_transitions, master election). Pure: the shell reads every status block,
 * calls {@link #cycle}, then performs the effects in order and sleeps one interval.
 *
 * <p>The shell's contract:
 * <ol>
 *   <li>Each cycle, read all 16 status blocks (a block that fails to read or decode is left out)
 *       and pass them with the current heuristic score and cman's member list.</li>
 *   <li>Perform the effects in order: write blocks (our own last), register or poll the quorum
 *       device with cman, kill evicted nodes, reboot or stop when told.</li>
 *   <li>Time comes only from {@link CycleInput#nowMs}; it must not go backwards.</li>
 * </ol>
 *
 * <p>Election: a node whose score reaches the required score is RUN; the lowest-id running node
 * bids (after upgrade_wait cycles), the others ACK the lowest bidder below them, and the bidder
 * becomes MASTER once every running node acked and master_wait cycles passed. The master evicts
 * nodes that miss more than tko cycles and publishes in its master mask which nodes may count the
 * disk's votes; only those nodes poll cman with alive (in master_wins mode only the master).
 */
public final class QdiskNode {
    private final QdiskConfig config;
    private final int myId;
    private final long incarnation;
    private final PeerView[] peers = new PeerView[QdiskLayout.NODES_MAX + 1];
    private final List<QdiskEffect> effects = new ArrayList<>();
    private DiskState status = DiskState.INIT;
    private int initCycles;
    private boolean initialized;
    private int upgrade;
    private int bidPending;
    private DiskMessage message = DiskMessage.NONE;
    private int seq;
    private long arg;
    private int mask;
    private int masterMask;
    private int master;
    private int errorCycles;
    private long lastTimestamp;
    private boolean stopped;
    /** This node told cman "alive" on its last poll. */
    private boolean advertising;

    /** One cycle's inputs. {@code blocks} maps node id to the block read this cycle. */
    public record CycleInput(long nowMs, Map<Integer, StatusBlock> blocks, int score, int scoreMax,
            Set<Integer> cmanMembers, long lastCycleUs) {}

    /**
     * @param incarnation this run's token (qdiskd derives it from the start time): a restarted
     *        node gets a new one, which tells peers it restarted
     */
    public QdiskNode(QdiskConfig config, int myId, long incarnation) {
        if (myId < 1 || myId > QdiskLayout.NODES_MAX) {
            throw new IllegalArgumentException("qdisk supports node ids 1.." + QdiskLayout.NODES_MAX + ", not " + myId);
        }
        this.config = config;
        this.myId = myId;
        this.incarnation = incarnation;
    }

    public List<QdiskEffect> cycle(CycleInput input) {
        if (stopped) {
            return List.of();
        }
        if (input.nowMs() < 0 || input.score() < 0 || input.scoreMax() < 1) {
            throw new IllegalArgumentException("bad cycle input");
        }
        int errors = readBlocks(input);
        if (!initialized) {
            initCycle(input);
        } else {
            loopCycle(input, errors);
        }
        if (errors > 0 && config.maxErrorCycles() > 0) {
            if (++errorCycles >= config.maxErrorCycles()) {
                log(QdiskEffect.Level.ALERT, "Too many I/O errors; giving up.");
                effects.add(new QdiskEffect.Stop("Too many I/O errors"));
                stopped = true;
            }
        } else {
            errorCycles = 0;
        }
        invariants();
        List<QdiskEffect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }

    private int readBlocks(CycleInput input) {
        int errors = 0;
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            if (peers[id] == null) {
                peers[id] = new PeerView(id, 0);
            }
            StatusBlock block = input.blocks().get(id);
            if (block == null || block.nodeId() != id) {
                errors++;
                continue;
            }
            if (id == myId) {
                checkSelf(block);
                continue;
            }
            peers[id].read(block);
        }
        return errors;
    }

    /** Someone wrote an eviction notice into our block: qdiskd reboots at once. */
    private void checkSelf(StatusBlock block) {
        if (block.updateNode() != 0 && block.updateNode() != myId && block.state() == DiskState.EVICT
                && initialized) {
            log(QdiskEffect.Level.EMERG, "Node " + block.updateNode() + " evicted us");
            effects.add(new QdiskEffect.Reboot("evicted by node " + block.updateNode()));
        }
    }

    private void initCycle(CycleInput input) {
        if (initCycles == 0) {
            log(QdiskEffect.Level.INFO, "Quorum Daemon Initializing");
        }
        transitions(false);
        write(input, DiskState.INIT);
        if (++initCycles < config.tko()) {
            return;
        }
        log(QdiskEffect.Level.INFO, "Initial score " + input.score() + "/" + input.scoreMax());
        if (config.stopCman() && input.score() < config.requiredScore(input.scoreMax())) {
            log(QdiskEffect.Level.CRIT, "Initialization failed");
            effects.add(new QdiskEffect.StopCman("score too low at start"));
            stopped = true;
            return;
        }
        log(QdiskEffect.Level.INFO, "Initialization complete");
        effects.add(new QdiskEffect.RegisterQuorumDevice(config.cmanName(), config.votes()));
        initialized = true;
        status = DiskState.NONE;
    }

    private void loopCycle(CycleInput input, int errors) {
        transitions(true);
        if (upgrade > 0) {
            upgrade--;
        }
        applyScore(input);
        int[] found = findMaster();
        master = found[0];
        int lowId = found[1];
        if (found[2] >= 1 && status == DiskState.MASTER && master != myId) {
            log(QdiskEffect.Level.WARNING, "Master conflict: abdicating");
            status = DiskState.RUN;
            upgrade = config.upgradeWait();
            bidPending = 0;
            setMessage(DiskMessage.NONE, 0);
        }
        int pollsBefore = countPolls();
        elect(input, lowId, errors);
        if (countPolls() > pollsBefore) {
            advertising = true;
        } else if (advertising) {
            // Deviation: qdiskd just stopped polling and let cman time the device out after
            // quorum_dev_poll; saying so at once keeps two partitions from counting the disk
            // while another one elects a new master.
            effects.add(new QdiskEffect.PollQuorumDevice(false, 0));
            advertising = false;
        }
        write(input, status);
    }

    private int countPolls() {
        int polls = 0;
        for (QdiskEffect effect : effects) {
            if (effect instanceof QdiskEffect.PollQuorumDevice poll && poll.alive()) {
                polls++;
            }
        }
        return polls;
    }

    /** Compare our score with the required score; upgrade to RUN or downgrade to NONE. */
    private void applyScore(CycleInput input) {
        int required = config.requiredScore(input.scoreMax());
        if (input.score() < required) {
            mask = StatusBlock.withBit(mask, myId, false);
            if (status != DiskState.NONE) {
                log(QdiskEffect.Level.NOTICE, "Score insufficient for master operation (" + input.score() + "/"
                        + input.scoreMax() + "; required=" + required + "); downgrading");
                boolean wasMaster = status == DiskState.MASTER;
                status = DiskState.NONE;
                bidPending = 0;
                setMessage(DiskMessage.NONE, 0);
                effects.add(new QdiskEffect.PollQuorumDevice(false, 0));
                advertising = false;
                if (config.reboot()) {
                    effects.add(new QdiskEffect.Reboot(wasMaster ? "master lost its score" : "score insufficient"));
                }
            }
        } else {
            mask = StatusBlock.withBit(mask, myId, true);
            if (status == DiskState.NONE) {
                log(QdiskEffect.Level.NOTICE, "Score sufficient for master operation (" + input.score() + "/"
                        + input.scoreMax() + "; required=" + required + "); upgrading");
                status = DiskState.RUN;
                upgrade = config.upgradeWait();
                bidPending = 0;
                setMessage(DiskMessage.NONE, 0);
            }
        }
    }

    private void elect(CycleInput input, int lowId, int errors) {
        if (master == 0 && lowId == myId && status == DiskState.RUN && bidPending == 0 && upgrade == 0) {
            log(QdiskEffect.Level.DEBUG, "Making bid for master");
            setMessage(DiskMessage.BID, 0);
            bidPending = 1;
        } else if (master == 0 && bidPending == 0) {
            vote();
        } else if (master == 0) {
            bidPending++;
            int outcome = countVotes();
            if (outcome == 3 && bidPending >= config.masterWait()) {
                log(QdiskEffect.Level.INFO, "Assuming master role");
                status = DiskState.MASTER;
                setMessage(DiskMessage.NONE, 0);
                bidPending = 0;
            } else if (outcome == 2) {
                setMessage(DiskMessage.NONE, 0);
                bidPending = 0;
            } else if (outcome == 1) {
                bidPending = 0;
            }
        } else if (status == DiskState.MASTER && master != myId) {
            log(QdiskEffect.Level.CRIT, "A master exists, but it's not me?!");
        } else if (status == DiskState.MASTER) {
            masterMask = 0;
            for (int id : input.cmanMembers()) {
                if (id >= 1 && id <= QdiskLayout.NODES_MAX && StatusBlock.bit(mask, id)) {
                    masterMask = StatusBlock.withBit(masterMask, id, true);
                }
            }
            if (errors == 0) {
                effects.add(new QdiskEffect.PollQuorumDevice(true, myId));
            }
        } else if (status == DiskState.RUN && master != 0 && !config.masterWins()
                && StatusBlock.bit(peers[master].last.masterMask(), myId) && input.cmanMembers().contains(master)
                && errors == 0) {
            // Deviation: qdiskd trusted the master's mask alone, which lags a network split by a
            // cycle; a master outside our cman partition never lends us its votes.
            effects.add(new QdiskEffect.PollQuorumDevice(true, master));
        }
    }

    /** ACK the lowest running bidder whose id is below ours. */
    private void vote() {
        for (int id = 1; id < myId; id++) {
            PeerView peer = peers[id];
            if (peer.judged == DiskState.RUN && peer.last.message() == DiskMessage.BID) {
                setMessage(DiskMessage.ACK, id);
                seq = peer.last.seq();
                return;
            }
        }
    }

    /** 3: every running node acked us; 2: someone nacked; 1: a lower bidder exists; 0: wait. */
    private int countVotes() {
        int running = 0;
        int acks = 0;
        int nacks = 0;
        int low = myId;
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            if (id == myId || !peers[id].judged.running()) {
                continue;
            }
            running++;
            StatusBlock block = peers[id].last;
            if (block.message() == DiskMessage.ACK && block.arg() == myId) {
                acks++;
            }
            if (block.message() == DiskMessage.NACK && block.arg() == myId) {
                nacks++;
            }
            if (block.message() == DiskMessage.BID && id < low) {
                low = id;
                setMessage(DiskMessage.ACK, id);
                seq = block.seq();
            }
        }
        if (acks == running) {
            return 3;
        }
        if (nacks > 0) {
            return 2;
        }
        return low != myId ? 1 : 0;
    }

    /** {master id or 0, lowest running id, number of masters}. */
    private int[] findMaster() {
        int found = 0;
        int masters = 0;
        int low = myId;
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            if (id == myId) {
                if (status == DiskState.MASTER) {
                    found = found == 0 ? myId : found;
                    masters++;
                }
                continue;
            }
            PeerView peer = peers[id];
            if (peer.judged.code() >= DiskState.RUN.code() && peer.written() == DiskState.MASTER) {
                found = found == 0 ? id : found;
                masters++;
            } else if (peer.judged.code() >= DiskState.RUN.code() && id < low) {
                low = id;
            }
        }
        return new int[] {found, low, masters};
    }

    /** qdiskd's check_transitions: judge every peer from what it wrote and how often. */
    private void transitions(boolean keepMask) {
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            if (id == myId) {
                continue;
            }
            PeerView peer = peers[id];
            StatusBlock block = peer.last;
            if ((peer.judged.code() >= DiskState.EVICT.code() && block.state().code() <= DiskState.EVICT.code())
                    || (peer.incarnation != 0 && peer.incarnation != block.incarnation())) {
                if (block.state() == DiskState.EVICT) {
                    log(QdiskEffect.Level.NOTICE, "Node " + id + " evicted");
                } else {
                    log(QdiskEffect.Level.INFO, "Node " + id + " shutdown");
                    peer.evilIncarnation = 0;
                }
                peer.forget();
                setMaskBit(keepMask, id, false);
            } else if (peer.misses > config.tko() && block.state().running()) {
                evict(peer, keepMask);
            } else if (peer.evilIncarnation != 0 && peer.evilIncarnation == block.incarnation()
                    && block.updateNode() == id) {
                log(QdiskEffect.Level.CRIT, "Node " + id + " is undead.");
                log(QdiskEffect.Level.ALERT, "Writing eviction notice (again) for node " + id);
                writeEviction(peer);
            } else if (peer.seen > config.tkoUp() && !peer.judged.running()) {
                peer.judged = DiskState.RUN;
                log(QdiskEffect.Level.DEBUG, "Node " + id + " is UP");
                peer.incarnation = block.incarnation();
                peer.evilIncarnation = 0;
                setMaskBit(keepMask, id, true);
            } else if (peer.judged == DiskState.RUN && block.state() == DiskState.MASTER) {
                log(QdiskEffect.Level.INFO, "Node " + id + " is the master");
                peer.judged = DiskState.MASTER;
                setMaskBit(keepMask, id, true);
            } else if (peer.judged.running() && peer.incarnation != block.incarnation()) {
                peer.incarnation = block.incarnation();
                peer.evilIncarnation = 0;
            } else if (peer.judged.running()) {
                peer.judged = block.state();
                setMaskBit(keepMask, id, true);
            }
        }
    }

    /** A peer missed more than tko cycles: it is out; the master writes the eviction notice. */
    private void evict(PeerView peer, boolean keepMask) {
        if (peer.last.state().code() >= DiskState.RUN.code() && peer.seen > 0) {
            log(QdiskEffect.Level.DEBUG, "Node " + peer.nodeId + " DOWN");
            peer.seen = 0;
        }
        peer.judged = DiskState.EVICT;
        peer.evilIncarnation = peer.incarnation;
        if (status == DiskState.MASTER) {
            log(QdiskEffect.Level.NOTICE, "Writing eviction notice for node " + peer.nodeId);
            writeEviction(peer);
        }
        peer.last = peer.last.evictedBy(peer.last.updateNode(), peer.last.timestamp());
        setMaskBit(keepMask, peer.nodeId, false);
    }

    private void writeEviction(PeerView peer) {
        effects.add(new QdiskEffect.WriteBlock(peer.last.evictedBy(myId, nextTimestamp(lastTimestamp))));
        if (config.allowKill()) {
            effects.add(new QdiskEffect.KillNode(peer.nodeId));
        }
    }

    private void setMaskBit(boolean keepMask, int id, boolean on) {
        if (keepMask) {
            mask = StatusBlock.withBit(mask, id, on);
        }
    }

    private void setMessage(DiskMessage next, long nextArg) {
        message = next;
        arg = nextArg;
        seq = (seq + 1) & 0xFFFF;
    }

    private void write(CycleInput input, DiskState state) {
        lastTimestamp = nextTimestamp(input.nowMs() / 1000);
        effects.add(new QdiskEffect.WriteBlock(new StatusBlock(myId, lastTimestamp, myId, state, 0,
                Math.min(input.score(), 0xFFFF), Math.min(input.scoreMax(), 0xFFFF), input.lastCycleUs(),
                input.lastCycleUs(), incarnation, message, seq, arg, mask,
                state == DiskState.MASTER ? masterMask : 0)));
    }

    /**
     * Every write carries a new timestamp: an unchanged one is how peers count our misses. The
     * field is qdiskd's ps_timestamp, time(NULL) in seconds; two writes in one second (a restart,
     * an eviction notice) still move it by one.
     */
    private long nextTimestamp(long nowSeconds) {
        return Math.max(nowSeconds, lastTimestamp + 1);
    }

    private void log(QdiskEffect.Level level, String text) {
        effects.add(new QdiskEffect.Log(level, text));
    }

    private void invariants() {
        if (status == DiskState.MASTER && !StatusBlock.bit(mask, myId)) {
            throw new IllegalStateException("check failed: a master always has a sufficient score");
        }
        if (bidPending > 0 && status != DiskState.RUN) {
            throw new IllegalStateException("check failed: only a running node bids");
        }
    }

    /**
     * A clean stop (qdiskd's quorum_logout): write NONE so peers log "Node N shutdown" at once
     * instead of waiting tko cycles to evict us, and stop advertising the disk's votes.
     */
    public List<QdiskEffect> shutdown(long nowMs) {
        stopped = true;
        status = DiskState.NONE;
        bidPending = 0;
        List<QdiskEffect> out = new ArrayList<>();
        out.add(new QdiskEffect.PollQuorumDevice(false, 0));
        lastTimestamp = nextTimestamp(nowMs / 1000);
        out.add(new QdiskEffect.WriteBlock(new StatusBlock(myId, lastTimestamp, myId, DiskState.NONE, 0, 0, 0, 0, 0,
                incarnation, DiskMessage.NONE, (seq + 1) & 0xFFFF, 0, 0, 0)));
        return out;
    }

    public DiskState status() {
        return status;
    }

    /** The master as this node last saw it, 0 if none. */
    public int master() {
        return master;
    }

    public boolean initialized() {
        return initialized;
    }

    /** qdiskd's status_file text for this cycle (the shell adds nothing; written when configured). */
    public String statusFileText(String timeStamp, int score, int scoreMax) {
        StringBuilder out = new StringBuilder(256);
        out.append("Time Stamp: ").append(timeStamp).append('\n');
        out.append("Node ID: ").append(myId).append('\n');
        out.append("Score: ").append(score).append('/').append(scoreMax).append(" (Minimum required = ")
                .append(config.requiredScore(scoreMax)).append(")\n");
        out.append("Current state: ").append(status.word()).append('\n');
        out.append("Initializing Set: {");
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            if (id != myId && peers[id] != null && peers[id].last.state() == DiskState.INIT && peers[id].seen > 0) {
                out.append(' ').append(id);
            }
        }
        out.append(" }\nVisible Set: {");
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            if (id == myId || (peers[id] != null && peers[id].judged.code() >= DiskState.RUN.code())) {
                out.append(' ').append(id);
            }
        }
        out.append(" }\n");
        if (initialized) {
            out.append("Master Node ID: ").append(master == 0 ? "(none)" : Integer.toString(master)).append('\n');
            if (master != 0) {
                int shown = master == myId ? masterMask : peers[master].last.masterMask();
                out.append("Quorate Set: {");
                for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
                    if (StatusBlock.bit(shown, id)) {
                        out.append(' ').append(id);
                    }
                }
                out.append(" }\n");
            }
        }
        return out.append('\n').toString();
    }
}
