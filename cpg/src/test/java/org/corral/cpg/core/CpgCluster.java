package org.corral.cpg.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.corral.cpg.wire.CpgCodec;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TotemEvent;

/**
 * N CPG nodes over a {@link FakeTotem}, with simulated client processes whose every callback is
 * recorded with the totem step that caused it. {@link CpgChecker} reads the records.
 */
final class CpgCluster {

    sealed interface Item {}

    record View(long step, GroupName group, List<ProcessId> members, List<CpgAddress> left, List<CpgAddress> joined)
            implements Item {}

    record Msg(long step, GroupName group, ProcessId sender, long msgId) implements Item {}

    record RingCallback(long step, RingId ring, List<NodeId> members) implements Item {}

    /** One simulated client process. */
    static final class Client {
        final NodeId node;
        final long id;
        final int pid;
        final List<Item> history = new ArrayList<>();
        boolean connected = true;
        /** Totem step after which this client hears nothing more (disconnect or crash). */
        long goneAfterStep = Long.MAX_VALUE;
        GroupName group;
        final List<Long> sent = new ArrayList<>();

        Client(NodeId node, long id, int pid) {
            this.node = node;
            this.id = id;
            this.pid = pid;
        }

        ProcessId process() {
            return new ProcessId(node, pid);
        }

        @Override
        public String toString() {
            return "client " + id + " (" + process() + ")";
        }
    }

    /** -Dcpg.trace=true adds every totem event to {@link #log}. */
    static final boolean TRACE = Boolean.getBoolean("cpg.trace");

    final FakeTotem totem;
    private final CpgNode.Factory factory;
    private final CpgConfig config;
    final TreeMap<NodeId, CpgNode> engines = new TreeMap<>();
    /** Every client ever, by id. */
    final TreeMap<Long, Client> clients = new TreeMap<>();
    /** msgId to the totem step of its delivery (the first, since a message is delivered once). */
    final Map<Long, Long> deliveredAtStep = new LinkedHashMap<>();
    /** Nodes that crashed at some point, with the step of the last crash. */
    final TreeMap<NodeId, Long> crashedAtStep = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    /** Every callback of every client, in the order the engines produced them. */
    final List<Map.Entry<Client, Item>> timeline = new ArrayList<>();
    /** The log of the cluster built last, for replays that end in an exception. */
    static List<String> lastLog = List.of();
    private long nextClientId = 1;
    private int nextPid = 1000;
    private long nextMsgId = 1;

    CpgCluster(int nodes, int queueMax, CpgNode.Factory factory) {
        this(nodes, queueMax, factory, CpgConfig.defaults());
    }

    CpgCluster(int nodes, int queueMax, CpgNode.Factory factory, CpgConfig config) {
        this.factory = factory;
        this.config = config;
        this.totem = new FakeTotem(this::onTotemEvent, queueMax);
        lastLog = log;
        for (int i = 1; i <= nodes; i++) {
            start(NodeId.of(i));
        }
        heal();
    }

    static CpgNode.Factory realEngines(CpgConfig config) {
        return (self, port) -> CpgNode.of(new CpgEngine(config, self, port, CpgCodec.INSTANCE));
    }

    static CpgCluster of(int nodes) {
        return new CpgCluster(nodes, 64, realEngines(CpgConfig.defaults()));
    }

    // ---- nodes -----------------------------------------------------------------------------

    void start(NodeId node) {
        engines.put(node, factory.create(node, totem.port(node)));
        totem.start(node);
    }

    void crash(NodeId node, int inFlight) {
        engines.remove(node);
        crashedAtStep.put(node, totem.step());
        for (Client client : clients.values()) {
            if (client.node.equals(node) && client.connected) {
                client.connected = false;
                client.goneAfterStep = totem.step();
            }
        }
        totem.crash(node, inFlight);
    }

    void partition(List<List<Integer>> groups) {
        List<List<NodeId>> partitions = new ArrayList<>();
        for (List<Integer> group : groups) {
            List<NodeId> ids = new ArrayList<>();
            group.forEach(id -> ids.add(NodeId.of(id)));
            partitions.add(ids);
        }
        totem.reconfigure(partitions, List.of(), null);
    }

    void heal() {
        totem.reconfigure(List.of(totem.upNodes()), List.of(), null);
    }

    private void onTotemEvent(NodeId node, TotemEvent event, long step) {
        CpgNode engine = engines.get(node);
        if (TRACE) {
            log.add("node " + node + " step " + step + " <- " + (event instanceof TotemEvent.Delivered d
                    ? "Delivered from " + d.origin() + " ring " + d.ring() : event));
        }
        engine.onTotemEvent(event);
        if (event instanceof TotemEvent.Delivered delivered) {
            recordDelivery(delivered.payload(), step);
        }
        collect(node, step);
    }

    private void recordDelivery(byte[] payload, long step) {
        try {
            if (CpgCodec.INSTANCE.decode(payload) instanceof CpgMessage.Mcast mcast && mcast.payload().length >= 8) {
                deliveredAtStep.putIfAbsent(ByteBuffer.wrap(mcast.payload()).getLong(), step);
            }
        } catch (MalformedPayloadException e) {
            // not ours to judge here: the engine counts it
        }
    }

    private void collect(NodeId node, long step) {
        CpgNode engine = engines.get(node);
        if (engine == null) {
            return;
        }
        for (CpgEffect effect : engine.takeEffects()) {
            if (effect instanceof CpgEffect.Log line) {
                log.add("node " + node + " step " + step + ": " + line.text());
                continue;
            }
            long clientId = clientIdOf(effect);
            Client client = clients.get(clientId);
            if (client == null || !client.connected || !client.node.equals(node)) {
                throw new AssertionError("node " + node + " addressed " + effect + " to a client that is not connected there");
            }
            Item item = toItem(effect, step);
            client.history.add(item);
            timeline.add(Map.entry(client, item));
        }
    }

    private static long clientIdOf(CpgEffect effect) {
        if (effect instanceof CpgEffect.Deliver d) {
            return d.clientId();
        }
        if (effect instanceof CpgEffect.ConfChg c) {
            return c.clientId();
        }
        return ((CpgEffect.TotemConfChg) effect).clientId();
    }

    private static Item toItem(CpgEffect effect, long step) {
        if (effect instanceof CpgEffect.Deliver d) {
            return new Msg(step, d.group(), d.sender(), ByteBuffer.wrap(d.payload()).getLong());
        }
        if (effect instanceof CpgEffect.ConfChg c) {
            return new View(step, c.group(), c.members(), c.left(), c.joined());
        }
        CpgEffect.TotemConfChg t = (CpgEffect.TotemConfChg) effect;
        return new RingCallback(step, t.ring(), t.members());
    }

    // ---- clients ---------------------------------------------------------------------------

    Client connect(int node) {
        NodeId id = NodeId.of(node);
        Client client = new Client(id, nextClientId++, nextPid++);
        CsError answer = engines.get(id).connect(client.id, client.pid, true);
        if (answer != CsError.OK) {
            throw new AssertionError("connect answered " + answer);
        }
        clients.put(client.id, client);
        collect(id, totem.step());
        return client;
    }

    CsError join(Client client, String group) {
        CsError answer = engines.get(client.node).join(client.id, GroupName.of(group));
        if (answer == CsError.OK) {
            client.group = GroupName.of(group);
        }
        collect(client.node, totem.step());
        return answer;
    }

    CsError leave(Client client) {
        CsError answer = engines.get(client.node).leave(client.id, client.group);
        collect(client.node, totem.step());
        return answer;
    }

    /** Multicasts a fresh message id (8 bytes, then {@code padding} zero bytes). */
    CsError mcast(Client client, int padding) {
        long msgId = nextMsgId;
        byte[] payload = ByteBuffer.allocate(8 + padding).putLong(msgId).array();
        CsError answer = engines.get(client.node).mcast(client.id, payload);
        if (answer == CsError.OK) {
            nextMsgId++;
            client.sent.add(msgId);
        }
        collect(client.node, totem.step());
        return answer;
    }

    void disconnect(Client client) {
        client.connected = false;
        client.goneAfterStep = totem.step();
        engines.get(client.node).disconnect(client.id);
        collect(client.node, totem.step());
    }

    List<Client> connectedClients() {
        List<Client> connected = new ArrayList<>();
        clients.values().forEach(c -> {
            if (c.connected) {
                connected.add(c);
            }
        });
        return connected;
    }

    // ---- driving ---------------------------------------------------------------------------

    /** Flushes every engine, then delivers up to {@code max} messages; true if any was delivered. */
    boolean run(Random random, int max) {
        boolean any = false;
        for (int i = 0; i < max; i++) {
            engines.forEach((node, engine) -> {
                engine.flush();
                collect(node, totem.step());
            });
            if (!totem.deliverOne(random)) {
                break;
            }
            any = true;
        }
        return any;
    }

    /** Delivers until every queue is empty and stays empty; bounded. */
    void settle(Random random) {
        for (int round = 0; round < 100_000; round++) {
            run(random, 1000);
            if (!totem.hasPending()) {
                engines.forEach((node, engine) -> engine.flush());
                if (!totem.hasPending()) {
                    return;
                }
            }
        }
        throw new AssertionError("the cluster did not settle");
    }

    /** Restarts crashed nodes, heals every partition and settles. */
    void healAndSettle(Random random) {
        for (NodeId node : new ArrayList<>(crashedAtStep.keySet())) {
            if (!totem.isUp(node)) {
                start(node);
            }
        }
        heal();
        settle(random);
    }

    /** The history items of {@code client} of one kind. */
    static <T extends Item> List<T> items(Client client, Class<T> kind) {
        List<T> found = new ArrayList<>();
        client.history.forEach(item -> {
            if (kind.isInstance(item)) {
                found.add(kind.cast(item));
            }
        });
        return Collections.unmodifiableList(found);
    }

    CpgConfig config() {
        return config;
    }
}
