package org.corral.cpg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.corral.cpg.core.CpgCluster.Client;
import org.corral.cpg.core.CpgCluster.Msg;
import org.corral.cpg.core.CpgCluster.RingCallback;
import org.corral.cpg.core.CpgCluster.View;
import org.corral.cpg.wire.CpgCodec;
import org.corral.totem.core.ConfigurationType;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;
import org.junit.jupiter.api.Test;

/** Named scenarios on three nodes: each test says what it proves and ends with the checker. */
class CpgEngineTest {
    private final Random random = new Random(7);

    private static ProcessId p(Client client) {
        return client.process();
    }

    private static View lastView(Client client) {
        List<View> views = CpgCluster.items(client, View.class);
        return views.get(views.size() - 1);
    }

    private static List<Long> messages(Client client) {
        List<Long> ids = new ArrayList<>();
        CpgCluster.items(client, Msg.class).forEach(m -> ids.add(m.msgId()));
        return ids;
    }

    private void assertClean(CpgCluster cluster) {
        assertEquals(List.of(), CpgChecker.check(cluster, true));
    }

    /** Three processes on three nodes join, each sees the others join with JOIN, in one agreed order. */
    private Client[] threeMembers(CpgCluster cluster) {
        Client a = cluster.connect(1);
        Client b = cluster.connect(2);
        Client c = cluster.connect(3);
        for (Client client : List.of(a, b, c)) {
            assertEquals(CsError.OK, cluster.join(client, "watch"));
        }
        cluster.settle(random);
        return new Client[] {a, b, c};
    }

    @Test
    void joinsAreAnnouncedToEveryMemberWithReasonJoin() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        List<ProcessId> all = List.of(p(m[0]), p(m[1]), p(m[2]));
        for (Client client : m) {
            assertEquals(all, lastView(client).members());
            assertEquals(Reason.JOIN, lastView(client).joined().get(0).reason());
        }
        cluster.engines.values().forEach(engine -> assertEquals(all, engine.groups().get(GroupName.of("watch"))));
        assertClean(cluster);
    }

    @Test
    void messagesFromAllMembersArriveInTheSameOrderEverywhere() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        for (int i = 0; i < 30; i++) {
            assertEquals(CsError.OK, cluster.mcast(m[i % 3], i));
            if (i % 7 == 0) {
                cluster.run(random, 3);
            }
        }
        cluster.settle(random);
        assertEquals(30, messages(m[0]).size());
        assertEquals(messages(m[0]), messages(m[1]));
        assertEquals(messages(m[0]), messages(m[2]));
        assertClean(cluster);
    }

    @Test
    void leaveIsAnnouncedWithReasonLeaveAndTheLeaverGetsItsLastConfchg() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        assertEquals(CsError.OK, cluster.leave(m[1]));
        cluster.settle(random);
        for (Client client : m) {
            View last = lastView(client);
            assertEquals(List.of(new CpgAddress(p(m[1]), Reason.LEAVE)), last.left());
            assertEquals(List.of(p(m[0]), p(m[2])), last.members());
        }
        assertEquals(CsError.ERR_NOT_EXIST, cluster.mcast(m[1], 0));
        assertClean(cluster);
    }

    @Test
    void aDisconnectedProcessLeavesWithProcdown() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        cluster.disconnect(m[2]);
        cluster.settle(random);
        for (Client client : List.of(m[0], m[1])) {
            assertEquals(List.of(new CpgAddress(p(m[2]), Reason.PROCDOWN)), lastView(client).left());
        }
        assertClean(cluster);
    }

    @Test
    void aFailedNodeLeavesWithNodedownEverywhereElseAndTheRingIdFollows() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        Client second = cluster.connect(3);
        assertEquals(CsError.OK, cluster.join(second, "watch"));
        cluster.settle(random);
        cluster.crash(NodeId.of(3), 0);
        cluster.settle(random);
        for (Client client : List.of(m[0], m[1])) {
            assertEquals(List.of(new CpgAddress(p(m[2]), Reason.NODEDOWN), new CpgAddress(p(second), Reason.NODEDOWN)),
                    lastView(client).left());
            List<RingCallback> rings = CpgCluster.items(client, RingCallback.class);
            RingCallback ring = rings.get(rings.size() - 1);
            assertEquals(List.of(NodeId.of(1), NodeId.of(2)), ring.members());
            assertEquals(cluster.totem.ringOf(NodeId.of(1)), ring.ring());
        }
        assertClean(cluster);
    }

    @Test
    void aRestartedNodesClientsRejoinCleanly() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        cluster.crash(NodeId.of(2), 0);
        cluster.start(NodeId.of(2));
        cluster.heal();
        cluster.settle(random);
        Client again = cluster.connect(2);
        assertEquals(CsError.OK, cluster.join(again, "watch"));
        cluster.settle(random);
        assertEquals(List.of(p(m[0]), p(again), p(m[2])), lastView(m[0]).members());
        assertEquals(List.of(new CpgAddress(p(again), Reason.JOIN)), lastView(m[2]).joined());
        assertClean(cluster);
    }

    @Test
    void afterAMergeEveryNodeAgreesAndTheOtherSideJoinsWithNodeup() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        cluster.partition(List.of(List.of(1), List.of(2, 3)));
        cluster.settle(random);
        Client a = cluster.connect(1);
        Client b = cluster.connect(2);
        Client c = cluster.connect(3);
        for (Client client : List.of(a, b, c)) {
            assertEquals(CsError.OK, cluster.join(client, "merge"));
        }
        cluster.settle(random);
        assertEquals(List.of(p(a)), lastView(a).members());
        assertEquals(List.of(p(b), p(c)), lastView(b).members());
        cluster.heal();
        cluster.settle(random);
        assertEquals(List.of(new CpgAddress(p(b), Reason.NODEUP), new CpgAddress(p(c), Reason.NODEUP)), lastView(a).joined());
        assertEquals(List.of(new CpgAddress(p(a), Reason.NODEUP)), lastView(b).joined());
        for (Client client : List.of(a, b, c)) {
            assertEquals(List.of(p(a), p(b), p(c)), lastView(client).members());
        }
        assertClean(cluster);
    }

    @Test
    void aFailureDuringTheSyncStillEndsInAgreement() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        cluster.partition(List.of(List.of(1, 2), List.of(3)));
        cluster.run(random, 1); // one join list out, the sync of the new rings is under way
        cluster.crash(NodeId.of(2), 1);
        cluster.heal();
        cluster.settle(random);
        assertEquals(List.of(p(m[0]), p(m[2])), lastView(m[0]).members());
        assertEquals(List.of(p(m[0]), p(m[2])), lastView(m[2]).members());
        assertClean(cluster);
    }

    @Test
    void aCrashedNodesLastMessagesReachTheTransitionalGroupConsistently() {
        CpgCluster cluster = CpgCluster.of(3);
        cluster.settle(random);
        Client[] m = threeMembers(cluster);
        cluster.mcast(m[2], 0);
        cluster.mcast(m[2], 0);
        cluster.crash(NodeId.of(3), 1);
        cluster.settle(random);
        // The crashed node's processes left at the transitional configuration: its last message,
        // delivered there, is dropped the same way on both survivors.
        assertEquals(messages(m[0]), messages(m[1]));
        assertClean(cluster);
    }

    @Test
    void aFullTotemQueueAnswersTryAgainAndNeverBlocks() {
        CpgCluster cluster = new CpgCluster(2, 3, CpgCluster.realEngines(CpgConfig.defaults()));
        cluster.settle(random);
        Client a = cluster.connect(1);
        assertEquals(CsError.OK, cluster.join(a, "busy"));
        cluster.settle(random);
        List<CsError> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(cluster.mcast(a, 0));
        }
        assertEquals(List.of(CsError.OK, CsError.OK, CsError.OK, CsError.ERR_TRY_AGAIN, CsError.ERR_TRY_AGAIN), answers);
        cluster.settle(random);
        assertEquals(CsError.OK, cluster.mcast(a, 0));
        cluster.settle(random);
        assertEquals(4, messages(a).size());
        assertClean(cluster);
    }

    @Test
    void requestsDuringTheSyncAnswerTryAgain() {
        CpgCluster cluster = CpgCluster.of(2);
        cluster.settle(random);
        Client a = cluster.connect(1);
        assertEquals(CsError.OK, cluster.join(a, "g"));
        cluster.settle(random);
        cluster.partition(List.of(List.of(1), List.of(2)));
        assertEquals(CpgState.SYNC, cluster.engines.get(NodeId.of(1)).state());
        assertEquals(CsError.ERR_TRY_AGAIN, cluster.mcast(a, 0));
        assertEquals(CsError.ERR_TRY_AGAIN, cluster.leave(a));
        cluster.settle(random);
        assertEquals(CsError.OK, cluster.mcast(a, 0));
        cluster.heal();
        cluster.settle(random);
        assertClean(cluster);
    }

    @Test
    void joinListsOfManyChunksGetThroughAFullTotemQueue() {
        // 300 processes need two join list chunks; a queue of 1 makes the engine hold them in its
        // outbox and submit them as totem frees room.
        CpgCluster cluster = new CpgCluster(2, 1, CpgCluster.realEngines(CpgConfig.defaults()));
        cluster.partition(List.of(List.of(1), List.of(2)));
        cluster.settle(random);
        List<Client> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Client client = cluster.connect(1);
            while (cluster.join(client, "group" + (i % 7)) == CsError.ERR_TRY_AGAIN) {
                cluster.run(random, 1);
            }
            many.add(client);
        }
        Client watcher = cluster.connect(2);
        assertEquals(CsError.OK, cluster.join(watcher, "group0"));
        cluster.settle(random);
        cluster.heal();
        cluster.settle(random);
        assertEquals(300, cluster.engines.get(NodeId.of(2)).groups().values().stream().mapToInt(List::size).sum() - 1);
        View last = lastView(watcher);
        assertEquals(43, last.joined().size(), "group0 holds every seventh of the 300");
        assertTrue(last.joined().stream().allMatch(a -> a.reason() == Reason.NODEUP));
        assertClean(cluster);
    }

    @Test
    void requestErrorsFollowLibcpg() {
        CpgEngine engine = lonelyActiveEngine(CpgConfig.defaults().withMessageBytesMax(100));
        assertEquals(CsError.ERR_BAD_HANDLE, engine.join(9, GroupName.of("g")));
        assertEquals(CsError.OK, engine.connect(1, 100, false));
        assertEquals(CsError.ERR_EXIST, engine.connect(1, 100, false));
        assertEquals(CsError.ERR_INVALID_PARAM, engine.connect(2, 0, false));
        assertEquals(CsError.ERR_NOT_EXIST, engine.leave(1, GroupName.of("g")));
        assertEquals(CsError.ERR_NOT_EXIST, engine.mcast(1, new byte[1]));
        assertEquals(CsError.OK, engine.join(1, GroupName.of("g")));
        assertEquals(CsError.ERR_EXIST, engine.join(1, GroupName.of("h")));
        assertEquals(CsError.OK, engine.connect(2, 100, false));
        assertEquals(CsError.ERR_EXIST, engine.join(2, GroupName.of("g")), "same pid twice in one group");
        assertEquals(CsError.ERR_BUSY, engine.leave(1, GroupName.of("g")), "join not completed yet");
        assertEquals(CsError.ERR_TOO_BIG, engine.mcast(1, new byte[101]));
        assertEquals(CsError.ERR_INVALID_PARAM, engine.mcast(1, null));
        assertThrows(IllegalArgumentException.class, () -> GroupName.of("x".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> GroupName.of(""));
        assertEquals(GroupName.BYTES_MAX, GroupName.of("y".repeat(128)).value().length());
    }

    @Test
    void limitsOnClientsGroupsAndMembersAnswerWithErrors() {
        CpgEngine engine = lonelyActiveEngine(new CpgConfig(3, 1, 2, 1000));
        assertEquals(CsError.OK, engine.connect(1, 101, false));
        assertEquals(CsError.OK, engine.connect(2, 102, false));
        assertEquals(CsError.OK, engine.connect(3, 103, false));
        assertEquals(CsError.ERR_NO_RESOURCES, engine.connect(4, 104, false));
        assertEquals(CsError.OK, engine.join(1, GroupName.of("one")));
        assertEquals(CsError.OK, engine.join(2, GroupName.of("one")));
        assertEquals(CsError.ERR_NO_SPACE, engine.join(3, GroupName.of("one")));
        assertEquals(CsError.ERR_TOO_MANY_GROUPS, engine.join(3, GroupName.of("two")));
    }

    @Test
    void malformedAndStalePayloadsAreCountedAndDropped() {
        List<byte[]> sent = new ArrayList<>();
        CpgEngine engine = new CpgEngine(CpgConfig.defaults(), NodeId.of(1), port(sent), CpgCodec.INSTANCE);
        RingId ring = activate(engine, sent);
        engine.onTotemEvent(new TotemEvent.Delivered(NodeId.of(1), ring, new byte[] {1, 2, 3}));
        engine.onTotemEvent(new TotemEvent.Delivered(NodeId.of(1), ring, CpgCodec.INSTANCE.encode(
                new CpgMessage.JoinList(new RingId(NodeId.of(1), 1), 0, true, List.of()))));
        engine.onTotemEvent(new TotemEvent.Delivered(NodeId.of(1), ring, CpgCodec.INSTANCE.encode(
                new CpgMessage.ProcLeave(GroupName.of("nobody"), 5, Reason.LEAVE))));
        assertEquals(1L, engine.counters().get("malformed"));
        assertEquals(1L, engine.counters().get("stale_joinlists"));
        assertEquals(1L, engine.counters().get("inconsistent"));
        assertTrue(engine.takeEffects().stream().anyMatch(e -> e instanceof CpgEffect.Log l && l.text().contains("malformed")));
        assertEquals(CpgState.ACTIVE, engine.state());
    }

    @Test
    void anEngineRefusesATotemTooSmallForItsMessages() {
        TotemPort tiny = new TotemPort() {
            public SubmitResult submit(byte[] payload) {
                return SubmitResult.ACCEPTED;
            }

            public int payloadBytesMax() {
                return 1000;
            }
        };
        assertThrows(IllegalArgumentException.class,
                () -> new CpgEngine(CpgConfig.defaults(), NodeId.of(1), tiny, CpgCodec.INSTANCE));
    }

    private static TotemPort port(List<byte[]> sent) {
        return new TotemPort() {
            public SubmitResult submit(byte[] payload) {
                sent.add(payload);
                return SubmitResult.ACCEPTED;
            }

            public int payloadBytesMax() {
                return 1 << 20;
            }
        };
    }

    /** Brings a one-node engine to ACTIVE by feeding back its own join list. */
    private static RingId activate(CpgEngine engine, List<byte[]> sent) {
        RingId ring = new RingId(NodeId.of(1), 4);
        List<NodeId> self = List.of(NodeId.of(1));
        engine.onTotemEvent(new TotemEvent.ConfigurationChange(ConfigurationType.TRANSITIONAL, ring, self, List.of(), List.of()));
        engine.onTotemEvent(new TotemEvent.ConfigurationChange(ConfigurationType.REGULAR, ring, self, List.of(), self));
        assertEquals(CpgState.SYNC, engine.state());
        for (byte[] payload : List.copyOf(sent)) {
            engine.onTotemEvent(new TotemEvent.Delivered(NodeId.of(1), ring, payload));
        }
        sent.clear();
        assertEquals(CpgState.ACTIVE, engine.state());
        return ring;
    }

    private static CpgEngine lonelyActiveEngine(CpgConfig config) {
        List<byte[]> sent = new ArrayList<>();
        CpgEngine engine = new CpgEngine(config, NodeId.of(1), port(sent), CpgCodec.INSTANCE);
        activate(engine, sent);
        return engine;
    }
}
