package org.corral.quorum.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One node's cman quorum state machine: events in ({@link QuorumEvent}), effects out
 * ({@link QuorumEffect}). It never reads a clock (time arrives in {@link QuorumEvent.Tick} and
 * {@link QuorumEvent.QdiskPoll}), opens nothing and starts nothing.
 *
 * <p>The shell's contract:
 * <ol>
 *   <li>Feed membership changes, NODEINFO announcements and commands in totem's agreed order, the
 *       same order on every node; then every node computes the same quorum for the same membership.</li>
 *   <li>Announce this node with {@link QuorumEvent.NodeInfo} through totem after each join; the
 *       node counts only once its own announcement is delivered, like everyone else's.</li>
 *   <li>Apply the effects of one event in order before feeding the next: log lines, then the
 *       quorate change (block or resume activity), refusals (kill the refused node).</li>
 *   <li>Feed {@link QuorumEvent.Tick} at least every second: it drives the last_man_standing window
 *       and notices a silent quorum device.</li>
 * </ol>
 *
 * <p>Implements cman's rules (cluster 3 {@code cman/daemon/commands.c}): quorum =
 * max((expected+2)/2, (total+2)/2), never lowered except by {@code cman_tool expected},
 * {@code leave remove}, a vote change, a reload or the last_man_standing window; two_node gives
 * quorum 1 with at most two members. Deviation: a new member counts only after its announcement
 * (cman counted it with default votes first); this never over-counts.
 */
public final class QuorumEngine {
    private static final String EINVAL = "Invalid argument";

    private final int localNodeId;
    private QuorumConfig config;
    private final TreeMap<Integer, Entry> nodes = new TreeMap<>();
    private final List<QuorumEffect> effects = new ArrayList<>();
    private long generation;
    private int quorum;
    private boolean quorate;
    private boolean waitingForAll;
    private OptionalLong lmsDeadlineMs = OptionalLong.empty();
    private long nowMs;
    private String qdiskName;
    private int qdiskVotes;
    private boolean qdiskAlive;
    private long qdiskLastPollMs;
    private int qdiskMaster;
    private String lastWaitLine;

    private static final class Entry {
        NodeState state;
        int votes;
        int expectedVotes;

        Entry(NodeState state, int votes, int expectedVotes) {
            this.state = state;
            this.votes = votes;
            this.expectedVotes = expectedVotes;
        }
    }

    public QuorumEngine(QuorumConfig config, int localNodeId) {
        Check.argument(config != null, "config is required");
        Check.argument(localNodeId >= 1 && localNodeId <= QuorumConfig.NODES_MAX, "Node id must be between 1 and 4096");
        this.config = config;
        this.localNodeId = localNodeId;
        this.waitingForAll = config.options().waitForAll();
        this.quorum = Votes.quorum(config.expectedVotes(), 0, config.twoNode(), 0);
    }

    /** Applies one event and returns the effects it caused, in order. */
    public List<QuorumEffect> apply(QuorumEvent event) {
        Check.argument(event != null, "event is required");
        if (event instanceof QuorumEvent.Membership membership) {
            onMembership(membership);
        } else if (event instanceof QuorumEvent.NodeInfo info) {
            onNodeInfo(info);
        } else if (event instanceof QuorumEvent.SetExpected setExpected) {
            onSetExpected(setExpected);
        } else if (event instanceof QuorumEvent.SetVotes setVotes) {
            onSetVotes(setVotes);
        } else if (event instanceof QuorumEvent.Leave leave) {
            onLeave(leave);
        } else if (event instanceof QuorumEvent.Reload reload) {
            onReload(reload);
        } else if (event instanceof QuorumEvent.QdiskRegister register) {
            onQdiskRegister(register);
        } else if (event instanceof QuorumEvent.QdiskPoll poll) {
            onQdiskPoll(poll);
        } else if (event instanceof QuorumEvent.QdiskUnregister) {
            onQdiskUnregister();
        } else if (event instanceof QuorumEvent.Tick tick) {
            onTick(tick);
        }
        invariants();
        List<QuorumEffect> out = List.copyOf(effects);
        effects.clear();
        return out;
    }

    private void onMembership(QuorumEvent.Membership membership) {
        Check.argument(membership.members().size() <= QuorumConfig.NODES_MAX, "membership too large");
        Check.argument(membership.generation() >= generation, "membership generation went backwards");
        generation = membership.generation();
        boolean memberLost = false;
        for (Map.Entry<Integer, Entry> known : nodes.entrySet()) {
            Entry entry = known.getValue();
            if (!membership.members().contains(known.getKey()) && entry.state != NodeState.DEAD) {
                memberLost |= entry.state == NodeState.MEMBER;
                entry.state = NodeState.DEAD;
            }
        }
        if (qdiskAlive && qdiskMaster != 0 && !membership.members().contains(qdiskMaster)) {
            // The master that granted the disk's votes is in another partition now.
            qdiskAlive = false;
            log(QuorumEffect.Level.INFO, "quorum device master " + qdiskMaster + " left the membership");
        }
        for (int nodeId : membership.members()) {
            Check.argument(nodeId >= 1 && nodeId <= QuorumConfig.NODES_MAX, "member id " + nodeId + " out of range");
            Entry entry = nodes.get(nodeId);
            if (entry == null) {
                nodes.put(nodeId, new Entry(NodeState.JOINING, config.votesOf(nodeId), config.expectedVotes()));
            } else if (entry.state == NodeState.DEAD || entry.state == NodeState.LEAVING) {
                // A node that comes back announces itself again; until then it does not count.
                entry.state = NodeState.JOINING;
            }
        }
        recalculate(false);
        lastManStanding(memberLost);
    }

    private void onNodeInfo(QuorumEvent.NodeInfo info) {
        Entry entry = nodes.get(info.nodeId());
        if (entry == null || entry.state == NodeState.DEAD) {
            return; // an announcement from a node that already left this ring: stale
        }
        String conflict = conflict(info);
        if (conflict != null) {
            entry.state = NodeState.DISALLOWED;
            log(QuorumEffect.Level.ERROR, conflict);
            effects.add(new QuorumEffect.RefuseNode(info.nodeId(), conflict));
            recalculate(false);
            return;
        }
        Check.argument(info.votes() >= 0 && info.votes() <= Votes.NODE_VOTES_MAX, "announced votes out of range");
        Check.argument(info.expectedVotes() >= 0 && info.expectedVotes() <= Votes.TOTAL_VOTES_MAX,
                "announced expected votes out of range");
        entry.state = NodeState.MEMBER;
        entry.votes = info.votes();
        entry.expectedVotes = info.expectedVotes();
        recalculate(false);
    }

    /** cman's join-time conflict messages, or null when the node agrees with us. */
    private String conflict(QuorumEvent.NodeInfo info) {
        if (info.configVersion() != config.configVersion()) {
            return "Node " + info.nodeId() + " conflict, remote config version id=" + info.configVersion()
                    + ", local=" + config.configVersion();
        }
        if (!info.clusterName().equals(config.clusterName())) {
            return "Node " + info.nodeId() + " conflict, remote cluster name='" + info.clusterName()
                    + "', local='" + config.clusterName() + "'";
        }
        if (info.clusterId() != config.clusterId()) {
            return "Node " + info.nodeId() + " conflict, remote cluster id=" + info.clusterId()
                    + ", local=" + config.clusterId();
        }
        return null;
    }

    private void onSetExpected(QuorumEvent.SetExpected command) {
        int newExpected = command.expectedVotes();
        int total = totalVotes();
        if (newExpected < 1 || newExpected > Votes.TOTAL_VOTES_MAX) {
            effects.add(new QuorumEffect.CommandRejected(command, EINVAL));
            return;
        }
        int newQuorum = Votes.quorum(newExpected, total, config.twoNode(), memberCount());
        // cman refuses an expected value that would leave this partition inquorate.
        if (newQuorum < total / 2 || newQuorum > total) {
            effects.add(new QuorumEffect.CommandRejected(command, EINVAL));
            return;
        }
        for (Entry entry : nodes.values()) {
            entry.expectedVotes = newExpected;
        }
        config = config.withCommandLineExpected(newExpected);
        effects.add(new QuorumEffect.CommandAccepted(command));
        recalculate(true);
    }

    private void onSetVotes(QuorumEvent.SetVotes command) {
        Entry entry = nodes.get(command.nodeId());
        if (command.votes() < 0 || command.votes() > Votes.NODE_VOTES_MAX || entry == null) {
            effects.add(new QuorumEffect.CommandRejected(command, EINVAL));
            return;
        }
        entry.votes = command.votes();
        effects.add(new QuorumEffect.CommandAccepted(command));
        recalculate(true);
    }

    private void onLeave(QuorumEvent.Leave leave) {
        Entry entry = nodes.get(leave.nodeId());
        if (entry == null || entry.state == NodeState.DEAD) {
            return;
        }
        entry.state = NodeState.LEAVING;
        effects.add(new QuorumEffect.CommandAccepted(leave));
        if (leave.remove()) {
            // "leave remove": the remaining nodes' expected votes drop to the votes still present.
            int remaining = totalVotes();
            for (Entry other : nodes.values()) {
                if (other.expectedVotes > remaining && remaining > 0) {
                    other.expectedVotes = remaining;
                }
            }
            recalculate(true);
        } else {
            recalculate(false);
        }
    }

    private void onReload(QuorumEvent.Reload reload) {
        QuorumConfig next = reload.config();
        if (next.configVersion() <= config.configVersion()) {
            log(QuorumEffect.Level.ERROR, "Requested version [" + next.configVersion()
                    + "] older than running version [" + config.configVersion() + "]");
            effects.add(new QuorumEffect.CommandRejected(reload,
                    "New configuration version has to be newer than current running configuration"));
            return;
        }
        config = next;
        int expected = next.expectedVotes();
        for (Map.Entry<Integer, Entry> known : nodes.entrySet()) {
            known.getValue().expectedVotes = expected;
            known.getValue().votes = next.votesOf(known.getKey());
        }
        effects.add(new QuorumEffect.CommandAccepted(reload));
        recalculate(true);
    }

    private void onQdiskRegister(QuorumEvent.QdiskRegister register) {
        Check.argument(register.votes() >= 0 && register.votes() <= Votes.TOTAL_VOTES_MAX, "qdisk votes out of range");
        Check.argument(register.name() != null && !register.name().isEmpty(), "quorum device needs a name");
        qdiskName = register.name();
        qdiskVotes = register.votes();
        qdiskAlive = false;
        log(QuorumEffect.Level.INFO, "quorum device registered");
        recalculate(false);
    }

    private void onQdiskPoll(QuorumEvent.QdiskPoll poll) {
        nowMs = Math.max(nowMs, poll.nowMs());
        if (qdiskName == null) {
            return;
        }
        qdiskLastPollMs = poll.nowMs();
        qdiskMaster = poll.masterNodeId();
        if (qdiskAlive != poll.alive()) {
            qdiskAlive = poll.alive();
            recalculate(false);
        }
    }

    private void onQdiskUnregister() {
        if (qdiskName == null) {
            return;
        }
        log(QuorumEffect.Level.INFO, "quorum device unregistered");
        qdiskName = null;
        qdiskVotes = 0;
        qdiskAlive = false;
        recalculate(false);
    }

    private void onTick(QuorumEvent.Tick tick) {
        nowMs = Math.max(nowMs, tick.nowMs());
        if (qdiskName != null && qdiskAlive && nowMs - qdiskLastPollMs > config.quorumDevicePollMs()) {
            qdiskAlive = false;
            log(QuorumEffect.Level.WARNING, "lost contact with quorum device");
            recalculate(false);
        }
        lastManStanding(false);
    }

    private void lastManStanding(boolean memberLost) {
        VotequorumOptions options = config.options();
        LastManStanding.Decision decision = LastManStanding.decide(options.lastManStanding(),
                options.lastManStandingWindowMs(), nowMs, memberLost, lmsDeadlineMs, quorate, totalVotes(),
                highestExpected());
        if (decision instanceof LastManStanding.Decision.StartWindow start) {
            lmsDeadlineMs = OptionalLong.of(start.deadlineMs());
        } else if (decision instanceof LastManStanding.Decision.CancelWindow) {
            lmsDeadlineMs = OptionalLong.empty();
        } else if (decision instanceof LastManStanding.Decision.LowerExpected lower) {
            lmsDeadlineMs = OptionalLong.empty();
            log(QuorumEffect.Level.NOTICE, "last man standing: lowering expected votes to " + lower.newExpectedVotes());
            for (Entry entry : nodes.values()) {
                entry.expectedVotes = Math.min(entry.expectedVotes, lower.newExpectedVotes());
            }
            recalculate(true);
        }
    }

    /** Recomputes quorum and quorate; logs and reports a change of quorate. */
    private void recalculate(boolean allowDecrease) {
        int total = totalVotes();
        int expected = highestExpected();
        int members = memberCount();
        int newQuorum = Votes.quorum(expected, total, config.twoNode(), members);
        if (allowDecrease || newQuorum > quorum || (config.twoNode() && members <= 2)) {
            quorum = newQuorum;
        }
        boolean byVotes = total >= quorum;
        VotequorumOptions options = config.options();
        WaitForAll.Decision wait = WaitForAll.decide(options.waitForAll(), waitingForAll, total, expected);
        if (wait instanceof WaitForAll.Decision.Released) {
            waitingForAll = false;
        }
        AutoTieBreaker.Decision tie = AutoTieBreaker.decide(options.autoTieBreaker(), options.autoTieBreakerMode(),
                config.nodeVotes().keySet(), memberIds(), total, expected);
        boolean next = (byVotes || tie instanceof AutoTieBreaker.Decision.KeepsQuorum)
                && !(wait instanceof WaitForAll.Decision.Blocked)
                && isMember(localNodeId);
        if (wait instanceof WaitForAll.Decision.Blocked blocked && !quorate && byVotes
                && !blocked.logLine().equals(lastWaitLine)) {
            // Once per distinct (votes, expected): a ring's announcements recalculate many times.
            lastWaitLine = blocked.logLine();
            log(QuorumEffect.Level.NOTICE, blocked.logLine());
        }
        setQuorate(next);
    }

    private void setQuorate(boolean next) {
        if (quorate && !next) {
            log(QuorumEffect.Level.NOTICE, "quorum lost, blocking activity");
            effects.add(new QuorumEffect.QuorateChanged(false));
        } else if (!quorate && next) {
            log(QuorumEffect.Level.NOTICE, "quorum regained, resuming activity");
            effects.add(new QuorumEffect.QuorateChanged(true));
        }
        quorate = next;
    }

    private void log(QuorumEffect.Level level, String text) {
        effects.add(new QuorumEffect.Log(level, text));
    }

    private int totalVotes() {
        int total = 0;
        for (Entry entry : nodes.values()) {
            if (entry.state == NodeState.MEMBER) {
                total += entry.votes;
            }
        }
        return total + (qdiskName != null && qdiskAlive ? qdiskVotes : 0);
    }

    private int highestExpected() {
        int highest = 0;
        for (Entry entry : nodes.values()) {
            if (entry.state == NodeState.MEMBER) {
                highest = Math.max(highest, entry.expectedVotes);
            }
        }
        return highest == 0 ? config.expectedVotes() : highest;
    }

    private int memberCount() {
        return memberIds().size();
    }

    private List<Integer> memberIds() {
        List<Integer> ids = new ArrayList<>();
        for (Map.Entry<Integer, Entry> known : nodes.entrySet()) {
            if (known.getValue().state == NodeState.MEMBER) {
                ids.add(known.getKey());
            }
        }
        return ids;
    }

    private boolean isMember(int nodeId) {
        Entry entry = nodes.get(nodeId);
        return entry != null && entry.state == NodeState.MEMBER;
    }

    private void invariants() {
        Check.that(quorum >= 1, "quorum is at least 1");
        Check.that(!quorate || isMember(localNodeId), "only a member can be quorate");
        Check.that(!quorate || !waitingForAll || !config.options().waitForAll(), "quorate while waiting for all");
        Check.that(qdiskName != null || !qdiskAlive, "no live quorum device without a registration");
        Check.that(lmsDeadlineMs.isEmpty() || config.options().lastManStanding(), "LMS window only when enabled");
    }

    public boolean quorate() {
        return quorate;
    }

    public int quorum() {
        return quorum;
    }

    public QuorumConfig config() {
        return config;
    }

    /** A snapshot for status replies (cman_tool status/nodes) and checkers. */
    public QuorumView view() {
        List<QuorumView.Node> list = new ArrayList<>();
        for (Map.Entry<Integer, Entry> known : nodes.entrySet()) {
            Entry entry = known.getValue();
            list.add(new QuorumView.Node(known.getKey(), entry.state, entry.votes, entry.expectedVotes));
        }
        Entry local = nodes.get(localNodeId);
        int localVotes = local != null ? local.votes : config.votesOf(localNodeId);
        Optional<QuorumView.Qdisk> qdisk = qdiskName == null
                ? Optional.empty()
                : Optional.of(new QuorumView.Qdisk(qdiskName, qdiskVotes, qdiskAlive));
        return new QuorumView(localNodeId, generation, quorate, quorum, highestExpected(), totalVotes(), localVotes,
                memberCount(), config.twoNode(), waitingForAll && config.options().waitForAll(), qdisk, list,
                config.options());
    }
}
