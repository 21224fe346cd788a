package org.corral.cpg.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.cpg.core.LocalClients.Client;
import org.corral.cpg.core.LocalClients.State;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;

/**
 * One node's closed process group service (corosync exec/cpg.c, reference/corosync.md A5) as a
 * deterministic state machine. Exactly one thread (the daemon's loop, or the simulator) calls it.
 *
 * <p>The shell's contract:
 * <ol>
 *   <li>Feed every totem event, in totem's order, to {@link #onTotemEvent}.</li>
 *   <li>Feed local client requests to {@link #connect}, {@link #join}, {@link #leave},
 *       {@link #mcast} and {@link #disconnect}; their answer is the request's answer.</li>
 *   <li>After every call, drain {@link #takeEffects()} and send each callback to its client in
 *       list order; log the log lines.</li>
 *   <li>Call {@link #flush()} whenever totem may have room again (every loop iteration is fine):
 *       messages the engine could not submit wait in a bounded outbox.</li>
 * </ol>
 *
 * <p>The model. Every engine keeps the view of all groups in the cluster. PROCJOIN, PROCLEAVE and
 * MCAST travel in totem's agreed order, so engines that share a view apply them identically. At a
 * TRANSITIONAL configuration the processes of nodes that did not pass with this node leave with
 * NODEDOWN. After the REGULAR configuration each member sends a join list (its local processes, as
 * of everything it has submitted); the delivery of the last join list of the ring activates it on
 * every node at the same point of the order, and the processes of nodes that are new or came back
 * join with NODEUP, taken from their join lists. See docs/cpg.md for why this is virtually
 * synchronous and where it departs from corosync (exec/cpg.c: NODEDOWN at sync activation).
 */
public final class CpgEngine {
    /** Join list chunks of one ring plus one PROCDOWN leave per client: the outbox can hold no more. */
    private final int outboxMax;

    private final CpgConfig config;
    private final NodeId self;
    private final TotemPort totem;
    private final PayloadCodec codec;
    private final GroupView view = new GroupView();
    private final LocalClients clients = new LocalClients();
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    private final List<CpgEffect> effects = new ArrayList<>();

    private CpgState state = CpgState.WAITING_FOR_RING;
    private RingId ring;
    private List<NodeId> ringMembers = List.of();
    /** Nodes of the ring activated last. */
    private final TreeSet<NodeId> activeNodes = new TreeSet<>();
    /** Active nodes that were in every transitional configuration since the last activation. */
    private final TreeSet<NodeId> survivors = new TreeSet<>();
    /** A TRANSITIONAL configuration arrived since the last REGULAR one. */
    private boolean transitionalSeen;
    /** The members of the last transitional configuration. */
    private List<NodeId> passed = List.of();
    private SyncRound round;

    private long mcastTx;
    private long mcastRx;
    private long deliveries;
    private long confchgs;
    private long tryAgain;
    private long malformed;
    private long staleJoinLists;
    private long ignoredFromDownNodes;
    private long droppedFromNonMembers;
    private long inconsistent;
    private long syncRounds;
    private long syncsCompleted;

    private record Outgoing(CpgMessage message, byte[] bytes) {}

    public CpgEngine(CpgConfig config, NodeId self, TotemPort totem, PayloadCodec codec) {
        Check.argument(config != null && self != null && totem != null && codec != null, "engine needs all its parts");
        Check.argument(totem.payloadBytesMax() >= config.messageBytesMax() + codec.mcastOverheadBytesMax(),
                "totem payload limit " + totem.payloadBytesMax() + " is too small for CPG messages of "
                        + config.messageBytesMax() + " bytes");
        Check.argument(totem.payloadBytesMax() >= codec.joinListChunkBytesMax(),
                "totem payload limit " + totem.payloadBytesMax() + " is too small for a join list chunk");
        this.config = config;
        this.self = self;
        this.totem = totem;
        this.codec = codec;
        this.outboxMax = config.clientsMax() / CpgMessage.JOIN_LIST_CHUNK_ENTRIES_MAX + 1 + config.clientsMax();
    }

    // ---- client requests -------------------------------------------------------------------

    /** A local client connects (cpg_initialize / cpg_model_initialize). */
    public CsError connect(long clientId, int pid, boolean totemCallbacks) {
        if (pid <= 0) {
            return CsError.ERR_INVALID_PARAM;
        }
        if (clients.find(clientId) != null) {
            return CsError.ERR_EXIST;
        }
        if (clients.size() >= config.clientsMax()) {
            return CsError.ERR_NO_RESOURCES;
        }
        clients.add(new Client(clientId, pid, totemCallbacks));
        if (totemCallbacks && state == CpgState.ACTIVE) {
            // CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF: the current ring at once.
            effects.add(new CpgEffect.TotemConfChg(clientId, ring, ringMembers));
        }
        return CsError.OK;
    }

    /** cpg_join: the client's process joins {@code group}; the confchg follows on delivery. */
    public CsError join(long clientId, GroupName group) {
        Client client = clients.find(clientId);
        if (client == null) {
            return CsError.ERR_BAD_HANDLE;
        }
        if (client.state == State.LEAVE_STARTED) {
            return CsError.ERR_BUSY;
        }
        if (client.state != State.UNJOINED || clients.intends(group, client.pid)) {
            return CsError.ERR_EXIST;
        }
        if (!view.hasGroup(group) && !clients.intendsGroup(group) && groupsKnown() >= config.groupsMax()) {
            return CsError.ERR_TOO_MANY_GROUPS;
        }
        if (view.size(group) + clients.intentSize(group) >= config.membersPerGroupMax()) {
            return CsError.ERR_NO_SPACE;
        }
        CsError answer = submitDirect(new CpgMessage.ProcJoin(group, client.pid));
        if (answer == CsError.OK) {
            clients.intendJoin(group, client.pid);
            clients.bind(client, group);
        }
        return answer;
    }

    /** Groups in the view plus groups this node is about to create. */
    private int groupsKnown() {
        int known = view.groupCount();
        for (GroupName group : clients.intendedGroups()) {
            if (!view.hasGroup(group)) {
                known++;
            }
        }
        return known;
    }

    /** cpg_leave: the client's process leaves {@code group}; its last confchg follows on delivery. */
    public CsError leave(long clientId, GroupName group) {
        Client client = clients.find(clientId);
        if (client == null) {
            return CsError.ERR_BAD_HANDLE;
        }
        if (client.state == State.UNJOINED || !group.equals(client.group)) {
            return CsError.ERR_NOT_EXIST;
        }
        if (client.state != State.JOIN_COMPLETED) {
            return CsError.ERR_BUSY;
        }
        CsError answer = submitDirect(new CpgMessage.ProcLeave(group, client.pid, Reason.LEAVE));
        if (answer == CsError.OK) {
            clients.intendLeave(group, client.pid);
            client.state = State.LEAVE_STARTED;
        }
        return answer;
    }

    /** cpg_mcast_joined: agreed order only (as corosync); TRY_AGAIN when totem is full. */
    public CsError mcast(long clientId, byte[] payload) {
        Client client = clients.find(clientId);
        if (client == null) {
            return CsError.ERR_BAD_HANDLE;
        }
        if (payload == null) {
            return CsError.ERR_INVALID_PARAM;
        }
        if (client.state != State.JOIN_STARTED && client.state != State.JOIN_COMPLETED) {
            return CsError.ERR_NOT_EXIST;
        }
        if (payload.length > config.messageBytesMax()) {
            return CsError.ERR_TOO_BIG;
        }
        CsError answer = submitDirect(new CpgMessage.Mcast(client.group, client.pid, payload));
        if (answer == CsError.OK) {
            mcastTx++;
        }
        return answer;
    }

    /** The client's connection closed (cpg_finalize, exit or crash): its process leaves with PROCDOWN. */
    public void disconnect(long clientId) {
        Client client = clients.find(clientId);
        if (client == null) {
            return;
        }
        if (client.state == State.JOIN_STARTED || client.state == State.JOIN_COMPLETED) {
            clients.intendLeave(client.group, client.pid);
            enqueue(new CpgMessage.ProcLeave(client.group, client.pid, Reason.PROCDOWN));
        }
        clients.remove(client);
        flush();
        checkInvariants(false);
    }

    private CsError submitDirect(CpgMessage message) {
        if (state != CpgState.ACTIVE || transitionalSeen || !outbox.isEmpty()) {
            // Sync in progress (corosync answers -EINPROGRESS as TRY_AGAIN) or older messages wait.
            tryAgain++;
            return CsError.ERR_TRY_AGAIN;
        }
        SubmitResult result = totem.submit(codec.encode(message));
        switch (result) {
            case ACCEPTED:
                return CsError.OK;
            case TRY_AGAIN:
                tryAgain++;
                return CsError.ERR_TRY_AGAIN;
            default:
                return CsError.ERR_TOO_BIG;
        }
    }

    // ---- totem events ----------------------------------------------------------------------

    /** One event from totem, in totem's order. */
    public void onTotemEvent(TotemEvent event) {
        if (event instanceof TotemEvent.Delivered delivered) {
            onDelivered(delivered);
        } else if (event instanceof TotemEvent.ConfigurationChange change) {
            if (change.type() == ConfigurationType.TRANSITIONAL) {
                onTransitional(change.members());
            } else {
                onRegular(change);
            }
            flush();
            checkInvariants(true);
        }
        // Totem's own log lines go to the log by the shell, not through CPG.
    }

    /**
     * The nodes that passed with this node from its old ring. Every process of any other node
     * leaves now with NODEDOWN: all nodes of this transitional group do the same at the same point
     * of the order, so from here on every view holds only processes of nodes that see the same
     * deliveries (corosync waits for sync activation; see docs/cpg.md).
     */
    private void onTransitional(List<NodeId> passedNodes) {
        transitionalSeen = true;
        passed = passedNodes;
        survivors.retainAll(passedNodes);
        TreeSet<NodeId> down = new TreeSet<>(activeNodes);
        down.removeAll(survivors);
        if (down.isEmpty()) {
            return;
        }
        int left = 0;
        for (GroupName group : view.groupNames()) {
            List<Client> recipients = clients.members(group);
            List<ProcessId> removed = view.removeNodes(group, down);
            left += removed.size();
            if (!removed.isEmpty()) {
                notifyGroup(group, recipients, addresses(removed, Reason.NODEDOWN), List.of());
            }
        }
        if (left > 0) {
            log(TotemEvent.Level.DEBUG, "downlist left_list: " + down + ", " + left + " processes left with NODEDOWN");
        }
    }

    private void onRegular(TotemEvent.ConfigurationChange change) {
        Check.that(change.members().contains(self), "regular configuration " + change.ring() + " without this node");
        if (!transitionalSeen) {
            // No transitional configuration announced: assume nobody passed with this node.
            onTransitional(List.of(self));
        }
        transitionalSeen = false;
        if (state == CpgState.SYNC) {
            log(TotemEvent.Level.DEBUG, "sync of ring " + ring + " aborted by ring " + change.ring());
        }
        ring = change.ring();
        ringMembers = change.members();
        state = CpgState.SYNC;
        round = new SyncRound(ring, ringMembers);
        syncRounds++;
        // Join lists of an older ring would be ignored on delivery; do not send them at all.
        outbox.removeIf(outgoing -> outgoing.message instanceof CpgMessage.JoinList);
        List<CpgMessage.Entry> entries = clients.intentEntries();
        int chunkSize = CpgMessage.JOIN_LIST_CHUNK_ENTRIES_MAX;
        int chunks = Math.max(1, (entries.size() + chunkSize - 1) / chunkSize);
        for (int chunk = 0; chunk < chunks; chunk++) {
            List<CpgMessage.Entry> part = entries.subList(chunk * chunkSize, Math.min(entries.size(), (chunk + 1) * chunkSize));
            enqueue(new CpgMessage.JoinList(ring, chunk, chunk == chunks - 1, part));
        }
        log(TotemEvent.Level.DEBUG, "sync members " + ringMembers + " ring " + ring + ", sending joinlist of "
                + entries.size() + " processes");
    }

    private void onDelivered(TotemEvent.Delivered delivered) {
        CpgMessage message;
        try {
            message = codec.decode(delivered.payload());
        } catch (MalformedPayloadException e) {
            malformed++;
            log(TotemEvent.Level.WARNING, "dropped a malformed message from node " + delivered.origin() + ": " + e.getMessage());
            return;
        }
        NodeId origin = delivered.origin();
        if (message instanceof CpgMessage.Mcast mcast) {
            onMcast(origin, mcast);
            flush();
            checkInvariants(false);
            return;
        }
        if (message instanceof CpgMessage.JoinList joinList) {
            onJoinList(origin, joinList);
        } else {
            onMembership(origin, message);
        }
        flush();
        checkInvariants(true);
    }

    private void onMcast(NodeId origin, CpgMessage.Mcast mcast) {
        mcastRx++;
        ProcessId sender = new ProcessId(origin, mcast.pid());
        if (!survivors.contains(origin) || !view.contains(mcast.group(), sender)) {
            // Not a member in this view: a consistent decision on every node sharing the view.
            droppedFromNonMembers++;
            return;
        }
        for (Client client : clients.members(mcast.group())) {
            effects.add(new CpgEffect.Deliver(client.id, mcast.group(), sender, mcast.payload()));
            deliveries++;
        }
    }

    private void onMembership(NodeId origin, CpgMessage message) {
        boolean applied = false;
        if (survivors.contains(origin)) {
            applyToView(origin, message);
            applied = true;
        }
        if (state == CpgState.SYNC && round.isComplete(origin)) {
            if (!round.apply(origin, message)) {
                inconsistentMessage(origin, message);
            }
            applied = true;
        }
        if (!applied) {
            // Sent before its join list by a node this node has not tracked: the join list covers it.
            ignoredFromDownNodes++;
        }
    }

    private void applyToView(NodeId origin, CpgMessage message) {
        if (message instanceof CpgMessage.ProcJoin join) {
            ProcessId process = new ProcessId(origin, join.pid());
            if (view.contains(join.group(), process)) {
                inconsistentMessage(origin, message);
                return;
            }
            view.add(join.group(), process);
            if (origin.equals(self)) {
                Client joiner = clients.inState(join.group(), join.pid(), State.JOIN_STARTED);
                if (joiner != null) {
                    joiner.state = State.JOIN_COMPLETED;
                }
            }
            notifyGroup(join.group(), clients.members(join.group()), List.of(),
                    List.of(new CpgAddress(process, Reason.JOIN)));
        } else if (message instanceof CpgMessage.ProcLeave leave) {
            ProcessId process = new ProcessId(origin, leave.pid());
            if (!view.contains(leave.group(), process)) {
                inconsistentMessage(origin, message);
                return;
            }
            List<Client> recipients = clients.members(leave.group());
            view.remove(leave.group(), process);
            notifyGroup(leave.group(), recipients, List.of(new CpgAddress(process, leave.reason())), List.of());
            if (origin.equals(self)) {
                Client leaver = clients.inState(leave.group(), leave.pid(), State.LEAVE_STARTED);
                if (leaver != null) {
                    clients.unbind(leaver);
                }
            }
        }
    }

    private void onJoinList(NodeId origin, CpgMessage.JoinList joinList) {
        if (state != CpgState.SYNC || !joinList.ring().equals(ring)) {
            staleJoinLists++;
            return;
        }
        if (!round.members.contains(origin) || !round.addChunk(origin, joinList)) {
            inconsistentMessage(origin, joinList);
            return;
        }
        if (round.allComplete()) {
            activate();
        }
    }

    /**
     * The last join list of the ring is in, at the same point of the order on every node: the
     * processes of nodes that did not pass with this node (new or returning) join with NODEUP.
     */
    private void activate() {
        for (NodeId survivor : survivors) {
            Check.that(round.table(survivor).equals(view.tableOf(survivor)),
                    "join list of surviving node " + survivor + " differs from the view");
        }
        // Activated by a message of the transitional configuration, the ring is already ending:
        // only the nodes that pass on with this one may join, the others are gone already.
        List<NodeId> reachable = transitionalSeen ? passed : ringMembers;
        TreeMap<GroupName, List<ProcessId>> added = new TreeMap<>();
        for (NodeId node : round.members) {
            if (survivors.contains(node) || !reachable.contains(node)) {
                continue;
            }
            Check.that(!node.equals(self) || round.table(node).isEmpty(), "this node's processes returned by NODEUP");
            round.table(node).forEach((group, pids) -> pids.forEach(
                    pid -> added.computeIfAbsent(group, g -> new ArrayList<>()).add(new ProcessId(node, pid))));
        }
        added.forEach((group, processes) -> {
            processes.sort(null);
            processes.forEach(process -> view.add(group, process));
            notifyGroup(group, clients.members(group), List.of(), addresses(processes, Reason.NODEUP));
        });
        activeNodes.clear();
        activeNodes.addAll(round.members);
        survivors.clear();
        survivors.addAll(round.members);
        survivors.retainAll(reachable);
        state = CpgState.ACTIVE;
        round = null;
        syncsCompleted++;
        log(TotemEvent.Level.DEBUG, "joinlist added " + added.values().stream().mapToInt(List::size).sum()
                + " processes with NODEUP; ring " + ring + " active");
        for (Client client : clients.all()) {
            if (client.totemCallbacks) {
                effects.add(new CpgEffect.TotemConfChg(client.id, ring, ringMembers));
            }
        }
    }

    private void notifyGroup(GroupName group, List<Client> recipients, List<CpgAddress> left, List<CpgAddress> joined) {
        if (recipients.isEmpty()) {
            return;
        }
        List<ProcessId> members = view.members(group);
        for (Client client : recipients) {
            effects.add(new CpgEffect.ConfChg(client.id, group, members, left, joined));
            confchgs++;
        }
    }

    private static List<CpgAddress> addresses(List<ProcessId> processes, Reason reason) {
        List<CpgAddress> addresses = new ArrayList<>(processes.size());
        processes.forEach(process -> addresses.add(new CpgAddress(process, reason)));
        return addresses;
    }

    private void inconsistentMessage(NodeId origin, CpgMessage message) {
        inconsistent++;
        log(TotemEvent.Level.WARNING, "ignored " + message + " from node " + origin + ": it does not fit the group view");
    }

    // ---- outbox ----------------------------------------------------------------------------

    private void enqueue(CpgMessage message) {
        Check.that(outbox.size() < outboxMax, "outbox over its limit " + outboxMax);
        outbox.addLast(new Outgoing(message, codec.encode(message)));
    }

    /** Submits what waits in the outbox, in order, until totem answers TRY_AGAIN. */
    public void flush() {
        while (!outbox.isEmpty()) {
            SubmitResult result = totem.submit(outbox.peekFirst().bytes);
            if (result == SubmitResult.TRY_AGAIN) {
                return;
            }
            Check.that(result == SubmitResult.ACCEPTED, "totem refused a control message as " + result);
            outbox.removeFirst();
        }
    }

    private void log(TotemEvent.Level level, String text) {
        effects.add(new CpgEffect.Log(level, text));
    }

    // ---- queries ---------------------------------------------------------------------------

    /** Everything produced since the last call, in order. */
    public List<CpgEffect> takeEffects() {
        if (effects.isEmpty()) {
            return List.of();
        }
        List<CpgEffect> taken = List.copyOf(effects);
        effects.clear();
        return taken;
    }

    /** cpg_membership_get: the members of {@code group} in this node's view, sorted. */
    public List<ProcessId> membership(GroupName group) {
        return view.members(group);
    }

    /** cpg_iteration over every group: group to members, sorted. */
    public SortedMap<GroupName, List<ProcessId>> groups() {
        return view.snapshot();
    }

    /** cpg_local_get. */
    public NodeId self() {
        return self;
    }

    public CpgState state() {
        return state;
    }

    /** The ring of the last regular configuration, if any. */
    public Optional<RingId> ring() {
        return Optional.ofNullable(ring);
    }

    public CpgConfig config() {
        return config;
    }

    /** Statistics in a stable order (for cmap's runtime keys and tests). */
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("mcast_tx", mcastTx);
        counters.put("mcast_rx", mcastRx);
        counters.put("deliveries", deliveries);
        counters.put("confchgs", confchgs);
        counters.put("try_again", tryAgain);
        counters.put("malformed", malformed);
        counters.put("stale_joinlists", staleJoinLists);
        counters.put("ignored_from_down_nodes", ignoredFromDownNodes);
        counters.put("dropped_from_non_members", droppedFromNonMembers);
        counters.put("inconsistent", inconsistent);
        counters.put("sync_rounds", syncRounds);
        counters.put("syncs_completed", syncsCompleted);
        counters.put("clients", (long) clients.size());
        counters.put("groups", (long) view.groupCount());
        counters.put("processes", (long) view.processCount());
        counters.put("outbox", (long) outbox.size());
        return counters;
    }

    // ---- invariants ------------------------------------------------------------------------

    /** Cheap checks after every event; the full walk after membership and configuration events. */
    private void checkInvariants(boolean full) {
        Check.that((state == CpgState.SYNC) == (round != null), "sync round exists exactly in SYNC");
        Check.that(state != CpgState.ACTIVE || transitionalSeen || (survivors.equals(activeNodes) && activeNodes.contains(self)),
                "an active engine has every active node surviving, itself included");
        Check.that(outbox.size() <= outboxMax, "outbox over its limit");
        Check.that(clients.size() <= config.clientsMax(), "more clients than clientsMax");
        if (!full) {
            return;
        }
        view.checkInvariants();
        int joined = 0;
        for (Client client : clients.all()) {
            Check.that((client.group == null) == (client.state == State.UNJOINED), "client group set exactly when joined");
            if (client.isMember()) {
                Check.that(view.contains(client.group, new ProcessId(self, client.pid)),
                        "member client " + client.id + " missing from the view of " + client.group);
            }
            if (client.state == State.JOIN_STARTED || client.state == State.JOIN_COMPLETED) {
                Check.that(clients.intends(client.group, client.pid), "joined client " + client.id + " not in the intent");
                joined++;
            }
        }
        Check.that(joined <= clients.intentSize(), "intent smaller than the joined clients");
    }
}
