package org.corral.tools.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real corrald processes on 127.0.0.1..3 and CpgClients on their sockets. One story, in
 * order: the ring forms; a group joined on every node delivers every member's messages in the
 * same order everywhere; a burst beyond totem's queue gets TRY_AGAIN, not a blocked daemon; kill -9 of a member process gives PROCDOWN; kill -9 of a corrald gives
 * NODEDOWN on the other nodes; the restarted node's new client rejoins and is seen joining.
 */
class CorraldProcessTest {
    private static final int PID = (int) ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void cpgAcrossThreeDaemons() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            cluster.startAll();
            for (int k = 1; k <= 3; k++) {
                cluster.awaitRing(k, 3);
            }
            List<TestMember> members = new ArrayList<>();
            try {
                for (int k = 1; k <= 3; k++) {
                    TestMember member = new TestMember(cluster.socket(k));
                    members.add(member);
                    member.join("order");
                }
                awaitAll(cluster, members, "three members everywhere", m -> m.members().size() == 3);

                for (int i = 0; i < 40; i++) {
                    for (int k = 0; k < 3; k++) {
                        members.get(k).send("n" + (k + 1) + "-" + i);
                    }
                }
                awaitAll(cluster, members, "120 deliveries everywhere", m -> m.delivered.size() >= 120);
                assertEquals(members.get(0).delivered, members.get(1).delivered, "node 2 saw another order than node 1");
                assertEquals(members.get(0).delivered, members.get(2).delivered, "node 3 saw another order than node 1");
                assertEquals(120, members.get(0).delivered.size());

                // Flow control: 400 x 32 KiB written at once overflow totem's queue (about 2.8 MB):
                // part is answered TRY_AGAIN at once, nothing blocks, the ring goes on.
                int[] burst = BurstClient.run(cluster.socket(1), "burst", 400);
                assertTrue(burst[0] > 0 && burst[1] > 0, "accepted " + burst[0] + ", TRY_AGAIN " + burst[1]);

                procdown(cluster, members);
                nodedownAndRejoin(cluster, members);
            } finally {
                members.forEach(TestMember::close);
            }
        }
    }

    private void procdown(LocalCluster cluster, List<TestMember> members) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MemberProcessMain.class.getName(),
                cluster.socket(2).toString(), "order").redirectErrorStream(true);
        Process child = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("JOINED"), "member process said: " + line);
            ProcessId childId = ProcessId.of(2, (int) child.pid());
            awaitAll(cluster, members, "the member process joined", m -> m.members().contains(childId));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            awaitAll(cluster, members, "PROCDOWN of the killed member", m -> m.sawLeft(childId, Reason.PROCDOWN));
        } finally {
            child.destroyForcibly();
        }
    }

    private void nodedownAndRejoin(LocalCluster cluster, List<TestMember> members) throws Exception {
        cluster.kill(3);
        members.get(2).close();
        ProcessId lost = ProcessId.of(3, PID);
        List<TestMember> survivors = members.subList(0, 2);
        awaitAll(cluster, survivors, "NODEDOWN of node 3's member", m -> m.sawLeft(lost, Reason.NODEDOWN));
        cluster.awaitRing(1, 2);

        cluster.start(3);
        for (int k = 1; k <= 3; k++) {
            cluster.awaitRing(k, 3);
        }
        try (TestMember back = new TestMember(cluster.socket(3))) {
            back.join("order");
            List<TestMember> all = List.of(members.get(0), members.get(1), back);
            awaitAll(cluster, all, "node 3's new member seen by all", m -> m.members().contains(lost) && m.members().size() == 3);
            assertTrue(members.get(0).sawJoined(lost));
            back.send("back");
            awaitAll(cluster, all, "the rejoined member's message", m -> m.delivered.contains(lost + ":back"));
        }
    }

    interface Check {
        boolean holds(TestMember member);
    }

    private static void awaitAll(LocalCluster cluster, List<TestMember> members, String what, Check check) throws Exception {
        cluster.awaitCondition(what, () -> {
            boolean all = true;
            for (TestMember member : members) {
                try {
                    member.dispatch();
                } catch (Exception e) {
                    throw new AssertionError("dispatch failed: " + e.getMessage());
                }
                all &= check.holds(member);
            }
            return all;
        });
    }
}
