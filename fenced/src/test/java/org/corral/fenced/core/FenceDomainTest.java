package org.corral.fenced.core;

import static org.corral.fenced.core.Configs.daemon;
import static org.corral.fenced.core.Configs.tutorial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceEffect.AwaitOverride;
import org.corral.fenced.core.FenceEffect.VictimDone;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.corral.fenced.core.FenceEvent.FenceHow;
import org.corral.fenced.core.FenceEvent.OverrideAck;
import org.corral.fenced.core.FenceEvent.PeerFenced;
import org.junit.jupiter.api.Test;

/** Scenarios of one node's fence domain, checked against fenced's log lines (reference/rhcs.md §2). */
class FenceDomainTest {

    /** Three nodes formed the domain; returns node {@code local}'s driver at t=10 s, quorate. */
    private static Driver formed(int local, DaemonSettings daemon) {
        Driver d = new Driver(tutorial(3, daemon), local).at(0).quorate(true);
        d.change(List.of(1, 2, 3), List.of(1, 2, 3), List.of()).at(10_000);
        return d;
    }

    @Test
    void failedMemberIsFencedByTheMasterWithIpmiFirst() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000);
        assertEquals(List.of("fencing node node3"), d.syslog());
        assertEquals(List.of("action=reboot", "nodename=node3", "agent=fence_ipmilan", "ipaddr=n3.ipmi", "login=root",
                "passwd=secret"), d.lastRun().stdinLines());
        assertEquals(0, d.lastRun().methodNum());
        assertEquals("fencing", d.domain.state().waitState());
        assertEquals(3, d.domain.state().victimNow());
        d.at(12_000).finish(AgentOutcome.SUCCESS).at(12_000);
        assertEquals(List.of("fencing node node3", "fence node3 success"), d.syslog());
        VictimDone done = d.of(VictimDone.class).get(0);
        assertEquals(new VictimDone(3, "node3", FenceHow.AGENT, 1, 12_000, true), done);
        assertEquals(0, d.domain.state().victimCount());
        assertTrue(d.domain.state().lsText(true).contains("nodeid 3 member 0 victim 0 last fence master 1 how agent"));
    }

    @Test
    void ipmiErrorThenPduSuccessLogsLikeTheTutorial() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000).finish(AgentOutcome.ERROR).at(11_000);
        assertEquals("fence_apc", d.lastRun().agent());
        assertEquals(List.of("port=3", "action=reboot", "nodename=node3", "agent=fence_apc", "ipaddr=pdu2", "login=apc",
                "passwd=secret"), d.lastRun().stdinLines());
        d.finish(AgentOutcome.SUCCESS);
        assertEquals(List.of("fencing node node3", "fence node3 dev 0.0 agent fence_ipmilan result: error from agent",
                "fence node3 success"), d.syslog());
    }

    @Test
    void othersDeferToTheLowestCompleteMember() {
        Driver d = formed(2, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(20_000);
        assertEquals(List.of("fencing deferred to node1"), d.syslog());
        assertTrue(d.runs().isEmpty());
        assertEquals(1, d.domain.state().victimCount());
        d.event(new PeerFenced(3, FenceHow.AGENT, 1));
        assertEquals(0, d.domain.state().victimCount());
        assertFalse(d.of(VictimDone.class).get(0).broadcast());
        // The master fails: node 2 is now the lowest complete member and fences node 1.
        d.change(List.of(2), List.of(), List.of(1)).at(20_000);
        assertEquals("nodename=node1", d.lastRun().stdinLines().get(1));
    }

    @Test
    void aJoiningNodeWithALowerIdIsNotMasterUntilItCompletedAStartCycle() {
        Driver d = new Driver(tutorial(3, daemon(0, 0, true)), 2).at(0).quorate(true);
        d.change(List.of(2, 3), List.of(2, 3), List.of()).at(1);
        d.change(List.of(1, 2, 3), List.of(1), List.of()).at(2);
        assertEquals(2, d.domain.state().masterNodeId());
        d.change(List.of(1, 2), List.of(), List.of(3)).at(3);
        assertEquals(1, d.domain.state().masterNodeId());
        assertEquals(List.of("fencing deferred to node1"), d.syslog());
    }

    @Test
    void aNodeJoiningAnExistingDomainDefersToTheMembersAlreadyThere() {
        // node1 reboots and joins {2,3}: node 3 is still cut off and a victim for node 1 (first
        // formation for it), but node 2 was there first and is master.
        Driver d = new Driver(tutorial(3, daemon(0, 0, false)), 1).at(0).quorate(true);
        d.domain.handle(new FenceEvent.MembershipChanged(new java.util.TreeSet<>(List.of(1, 2)),
                new java.util.TreeSet<>(List.of(1)), new java.util.TreeSet<>(), new java.util.TreeSet<>(),
                new java.util.TreeSet<>(List.of(1, 2))));
        d.at(10_000);
        assertEquals(2, d.domain.state().masterNodeId());
        assertEquals(List.of(3), d.domain.state().victims());
        assertTrue(d.runs().isEmpty());
    }

    @Test
    void nothingIsFencedWhileInquorate() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.quorate(false).change(List.of(1), List.of(), List.of(2, 3)).at(60_000);
        assertTrue(d.runs().isEmpty());
        assertEquals("quorum", d.domain.state().waitState());
        assertTrue(d.domain.state().lsText(false).contains("wait state    quorum\n"));
        d.quorate(true).at(60_001);
        assertEquals("nodename=node2", d.lastRun().stdinLines().get(1));
    }

    @Test
    void firstFormationFencesAbsentNodesAfterPostJoinDelayUnlessTheyJoin() {
        Driver d = new Driver(tutorial(3, daemon(6_000, 0, false)), 1).at(0).quorate(true);
        d.change(List.of(1, 2), List.of(1, 2), List.of()).at(5_999);
        assertTrue(d.runs().isEmpty());
        assertEquals(List.of(3), d.domain.state().victims());
        d.at(6_000);
        assertEquals("nodename=node3", d.lastRun().stdinLines().get(1));

        Driver joins = new Driver(tutorial(3, daemon(6_000, 0, false)), 1).at(0).quorate(true);
        joins.change(List.of(1, 2), List.of(1, 2), List.of()).at(3_000);
        joins.change(List.of(1, 2, 3), List.of(3), List.of()).at(3_001).at(60_000);
        assertTrue(joins.runs().isEmpty());
        assertEquals(FenceHow.MEMBER, joins.of(VictimDone.class).get(0).how());
        assertFalse(joins.of(VictimDone.class).get(0).fenced());

        Driver clean = new Driver(tutorial(3, daemon(6_000, 0, true)), 1).at(0).quorate(true);
        clean.change(List.of(1, 2), List.of(1, 2), List.of()).at(60_000);
        assertEquals(0, clean.domain.state().victimCount());
    }

    @Test
    void postFailDelayForeverWaitsForTheVictimToComeBack() {
        Driver d = formed(1, daemon(6_000, DaemonSettings.FOREVER, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000_000);
        assertTrue(d.runs().isEmpty());
        d.change(List.of(1, 2, 3), List.of(3), List.of()).at(10_000_001);
        assertEquals(0, d.domain.state().victimCount());
    }

    @Test
    void postFailDelayIsHonoured() {
        Driver d = formed(1, daemon(6_000, 2_000, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(11_999);
        assertTrue(d.runs().isEmpty());
        d.at(12_000);
        assertEquals(1, d.runs().size());
    }

    @Test
    void aVictimThatComesBackDuringTheFenceIsStillFenced() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000);
        d.change(List.of(1, 2, 3), List.of(3), List.of()).at(10_500);
        d.finish(AgentOutcome.SUCCESS).at(11_000);
        assertEquals(FenceHow.AGENT, d.of(VictimDone.class).get(0).how());
    }

    @Test
    void allMethodsFailingLoopsForeverUntilOverride() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000);
        long t = 10_000;
        for (int round = 0; round < 5; round++) {
            d.finish(AgentOutcome.ERROR).finish(AgentOutcome.TIMEOUT);
            assertEquals(new AwaitOverride("node3", 3_000), d.all.get(d.all.size() - 1));
            int runs = d.runs().size();
            d.at(t += 2_999);
            assertEquals(runs, d.runs().size(), "waits override_time before starting over");
            d.at(t += 1);
            assertEquals(runs + 1, d.runs().size());
            assertEquals(0, d.lastRun().methodNum());
        }
        List<String> log = d.syslog();
        assertEquals("fence node3 dev 0.0 agent fence_ipmilan result: error from agent", log.get(1));
        assertEquals("fence node3 dev 1.0 agent fence_apc result: error from agent", log.get(2));
        assertEquals("fence node3 failed", log.get(3));
        assertEquals(1 + 3 * 3, log.size(), "after three rounds identical failures are not logged");
        d.event(new OverrideAck("node3"));
        assertEquals("fence node3 overridden by administrator intervention", d.syslog().get(d.syslog().size() - 1));
        assertEquals(FenceHow.OVERRIDE, d.of(VictimDone.class).get(0).how());
        d.finish(AgentOutcome.SUCCESS);
        assertEquals(1, d.of(VictimDone.class).size(), "a late agent result after an override changes nothing");
        assertEquals(5 * 2 + 1, d.domain.state().history().size(), "the late run is in the history");
    }

    @Test
    void stillRetryingEverySixHundredRounds() {
        Driver d = formed(1, new DaemonSettings(0, 0, false, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000);
        for (int i = 0; i < 600; i++) {
            d.finish(AgentOutcome.ERROR).finish(AgentOutcome.ERROR).at(10_000 + i);
        }
        assertEquals("fencing node node3 still retrying", d.syslog().get(d.syslog().size() - 1));
        assertEquals(1, d.syslog().stream().filter(l -> l.endsWith("still retrying")).count());
    }

    @Test
    void unfenceAtStartupRunsEveryUnfenceDeviceWithActionOn() {
        FenceConfig.NodeConfig n1 = new FenceConfig.NodeConfig("node1", 1, List.of(),
                List.of(Configs.pdu("pduA", 1), Configs.pdu("pduB", 1)));
        FenceConfig.DeviceUse noAction = new FenceConfig.DeviceUse("scsi", "fence_scsi", List.of(),
                List.of(Configs.p("agent", "fence_scsi")));
        FenceConfig config = new FenceConfig(List.of(n1, new FenceConfig.NodeConfig("node2", 2, List.of(),
                List.of(noAction))), DaemonSettings.defaults(), 60_000);
        Driver d = new Driver(config, 1).at(0);
        d.domain.startUnfence();
        d.at(0);
        assertEquals("action=reboot", d.lastRun().stdinLines().get(1), "a configured action is kept");
        d.finish(AgentOutcome.ERROR);
        assertEquals(2, d.runs().size(), "a failed unfence device does not stop the others");
        d.finish(AgentOutcome.SUCCESS);
        assertEquals(List.of("unfence node1 dev 0.0 agent fence_apc result: error from agent", "unfence node1 failed"),
                d.syslog());

        Driver two = new Driver(config, 2).at(0);
        two.domain.startUnfence();
        two.at(0);
        assertEquals(List.of("nodename=node2", "agent=fence_scsi", "action=on"), two.lastRun().stdinLines());
        assertTrue(two.lastRun().toString().contains("RunAgent"));
    }

    @Test
    void fenceToolLsText() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000);
        assertEquals("fence domain\nmember count  2\nvictim count  1\nvictim now    3\nmaster nodeid 1\n"
                + "wait state    fencing\nmembers       1 2 \n\n", d.domain.state().lsText(false));
        assertEquals("fence domain\nmember count  2\nvictim count  1\nvictim now    3\nmaster nodeid 1\n"
                + "wait state    fencing\nmembers       1 2 \nall nodes\n"
                + "nodeid 1 member 1 victim 0 last fence master 0 how none\n"
                + "nodeid 2 member 1 victim 0 last fence master 0 how none\n"
                + "nodeid 3 member 0 victim 1 last fence master 0 how none\n\n", d.domain.state().lsText(true));
    }

    @Test
    void runAgentNeverPrintsThePassword() {
        Driver d = formed(1, daemon(6_000, 0, false));
        d.change(List.of(1, 2), List.of(), List.of(3)).at(10_000);
        assertFalse(d.lastRun().toString().contains("secret"));
        assertTrue(d.lastRun().toString().contains("passwd=[set]"));
    }
}
