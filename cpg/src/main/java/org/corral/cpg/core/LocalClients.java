package org.corral.cpg.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * This node's client connections and the intent of this node: which (group, pid) pairs will be
 * in the view once every PROCJOIN/PROCLEAVE this node has submitted or queued is delivered. The
 * join list is a snapshot of the intent; totem's per-sender FIFO order makes it exact.
 */
final class LocalClients {

    /** corosync's cpd_state. */
    enum State { UNJOINED, JOIN_STARTED, JOIN_COMPLETED, LEAVE_STARTED }

    static final class Client {
        final long id;
        final int pid;
        final boolean totemCallbacks;
        GroupName group;
        State state = State.UNJOINED;

        Client(long id, int pid, boolean totemCallbacks) {
            this.id = id;
            this.pid = pid;
            this.totemCallbacks = totemCallbacks;
        }

        /** True while this client's process is in the view of its group. */
        boolean isMember() {
            return state == State.JOIN_COMPLETED || state == State.LEAVE_STARTED;
        }
    }

    private final TreeMap<Long, Client> clients = new TreeMap<>();
    private final TreeMap<GroupName, TreeSet<Long>> byGroup = new TreeMap<>();
    private final TreeMap<GroupName, TreeSet<Integer>> intent = new TreeMap<>();
    private int intentSize;

    Client find(long id) {
        return clients.get(id);
    }

    int size() {
        return clients.size();
    }

    void add(Client client) {
        Check.that(clients.putIfAbsent(client.id, client) == null, "client " + client.id + " added twice");
    }

    void remove(Client client) {
        unbind(client);
        clients.remove(client.id);
    }

    /** Marks {@code client} as joining {@code group}. */
    void bind(Client client, GroupName group) {
        Check.that(client.group == null && client.state == State.UNJOINED, "client " + client.id + " already bound");
        client.group = group;
        client.state = State.JOIN_STARTED;
        byGroup.computeIfAbsent(group, g -> new TreeSet<>()).add(client.id);
    }

    void unbind(Client client) {
        if (client.group != null) {
            TreeSet<Long> ids = byGroup.get(client.group);
            ids.remove(client.id);
            if (ids.isEmpty()) {
                byGroup.remove(client.group);
            }
        }
        client.group = null;
        client.state = State.UNJOINED;
    }

    /** The clients whose process is a member of {@code group}, by client id. */
    List<Client> members(GroupName group) {
        TreeSet<Long> ids = byGroup.get(group);
        if (ids == null) {
            return List.of();
        }
        List<Client> members = new ArrayList<>(ids.size());
        for (long id : ids) {
            Client client = clients.get(id);
            if (client.isMember()) {
                members.add(client);
            }
        }
        return members;
    }

    /** The client bound to {@code group} with {@code pid} in {@code state}, or null. */
    Client inState(GroupName group, int pid, State state) {
        TreeSet<Long> ids = byGroup.get(group);
        if (ids == null) {
            return null;
        }
        for (long id : ids) {
            Client client = clients.get(id);
            if (client.pid == pid && client.state == state) {
                return client;
            }
        }
        return null;
    }

    List<Client> all() {
        return List.copyOf(clients.values());
    }

    boolean intends(GroupName group, int pid) {
        TreeSet<Integer> pids = intent.get(group);
        return pids != null && pids.contains(pid);
    }

    void intendJoin(GroupName group, int pid) {
        Check.that(intent.computeIfAbsent(group, g -> new TreeSet<>()).add(pid), "intent already has " + group + "/" + pid);
        intentSize++;
    }

    void intendLeave(GroupName group, int pid) {
        TreeSet<Integer> pids = intent.get(group);
        Check.that(pids != null && pids.remove(pid), "intent lacks " + group + "/" + pid);
        intentSize--;
        if (pids.isEmpty()) {
            intent.remove(group);
        }
    }

    /** Pending joins to {@code group} from this node not yet in the view (for admission limits). */
    int intentSize(GroupName group) {
        TreeSet<Integer> pids = intent.get(group);
        return pids == null ? 0 : pids.size();
    }

    /** The intent as join list entries, sorted. */
    List<CpgMessage.Entry> intentEntries() {
        List<CpgMessage.Entry> entries = new ArrayList<>(intentSize);
        intent.forEach((group, pids) -> pids.forEach(pid -> entries.add(new CpgMessage.Entry(group, pid))));
        return entries;
    }

    int intentSize() {
        return intentSize;
    }

    List<GroupName> intendedGroups() {
        return List.copyOf(intent.keySet());
    }

    boolean intendsGroup(GroupName group) {
        return intent.containsKey(group);
    }
}
