package org.corral.fenced.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.corral.fenced.core.DomainState;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.corral.fenced.core.FenceConfig.Method;
import org.corral.fenced.core.FenceConfig.NodeConfig;
import org.corral.fenced.core.FenceConfig.Param;
import org.corral.fenced.core.FenceEffect;
import org.corral.fenced.core.FenceEffect.AwaitOverride;
import org.corral.fenced.core.FenceEffect.VictimDone;
import org.corral.fenced.core.FenceEvent;
import org.corral.fenced.core.FenceEvent.AgentFinished;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.corral.fenced.core.FenceEvent.OverrideAck;
import org.corral.fenced.core.FenceEvent.QuorumChanged;
import org.corral.fenced.sim.FenceSim.Kind;
import org.junit.jupiter.api.Test;

/**
 * The fence domain in the deterministic simulation: the tutorial's fence tests, the three-node
 * partition, the endless loop with a manual override, the two-node split settled by a delay, random
 * seeds, and the checkers catching broken cores.
 */
class FenceSimTest {
    private static final DaemonSettings DAEMON = new DaemonSettings(6_000, 0, false, 3_000, false);

    /** Nodes 1..n: method ipmi (device ipmi_nI) then pdu (device pdu_nI, outlet I); reboot as the tutorial. */
    static FenceConfig config(int n, Map<Integer, Integer> delaySecondsOnDeviceOf) {
        List<NodeConfig> nodes = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            List<Param> use = new ArrayList<>(List.of(new Param("action", "reboot")));
            if (delaySecondsOnDeviceOf.containsKey(i)) {
                use.add(new Param("delay", Integer.toString(delaySecondsOnDeviceOf.get(i))));
            }
            DeviceUse ipmi = new DeviceUse("ipmi_n" + i, "fence_ipmilan", use, List.of(new Param("agent", "fence_ipmilan"),
                    new Param("ipaddr", "n" + i + ".ipmi"), new Param("login", "root"), new Param("passwd", "secret")));
            DeviceUse pdu = new DeviceUse("pdu_n" + i, "fence_apc", List.of(new Param("port", "" + i), new Param("action",
                    "reboot")), List.of(new Param("agent", "fence_apc"), new Param("ipaddr", "pdu2"), new Param("login",
                    "apc"), new Param("passwd", "secret")));
            nodes.add(new NodeConfig("node" + i, i, List.of(new Method("ipmi", List.of(ipmi)), new Method("pdu",
                    List.of(pdu))), List.of()));
        }
        return new FenceConfig(nodes, DAEMON, 30_000);
    }

    private static FenceSim sim(int n, Map<String, Kind> kinds, Core.Factory factory) {
        FenceSim sim = new FenceSim(config(n, Map.of()), n == 2, kinds, 1, factory);
        sim.runUntil(20_000);
        return sim;
    }

    @Test
    void hungNodeIsFencedThroughIpmiRebootsAndRejoins() {
        FenceSim sim = sim(2, Map.of(), Core::real);
        sim.hang(2);
        sim.runUntil(30_000);
        assertEquals(List.of("fencing node node2", "fence node2 success"), sim.syslog(1));
        assertFalse(sim.nodes.get(2).powered);
        sim.runUntil(90_000);
        assertTrue(sim.nodes.get(2).powered, "the reboot powered it on again");
        assertEquals(List.of(1, 2), sim.nodes.get(1).core.state().members());
        assertEquals(0, sim.nodes.get(1).core.state().victimCount());
    }

    @Test
    void deadBmcFallsBackToThePdu() {
        FenceSim sim = sim(2, Map.of("ipmi_n2", Kind.FAIL), Core::real);
        sim.hang(2);
        sim.runUntil(40_000);
        assertEquals(List.of("fencing node node2", "fence node2 dev 0.0 agent fence_ipmilan result: error from agent",
                "fence node2 success"), sim.syslog(1));
        assertFalse(sim.nodes.get(2).powered);
    }

    @Test
    void bothMethodsFailingKeepsTheLoopGoingUntilManualOverride() {
        FenceSim sim = sim(3, Map.of("ipmi_n3", Kind.FAIL, "pdu_n3", Kind.TIMEOUT), Core::real);
        sim.hang(3);
        sim.runUntil(20_000 + 30 * 60_000);
        DomainState state = sim.nodes.get(1).core.state();
        assertEquals(List.of(3), state.victims());
        assertTrue(state.history().size() > 100, "still trying after half an hour: " + state.history().size());
        assertTrue(sim.nodes.get(3).powered);
        sim.manualOverride(3, 1);
        sim.runUntil(20_000 + 31 * 60_000);
        assertEquals("fence node3 overridden by administrator intervention", last(sim.syslog(1)));
        assertEquals(0, sim.nodes.get(2).core.state().victimCount(), "the other member heard of it");
    }

    @Test
    void slowAndFlakyDevicesStillFence() {
        FenceSim sim = sim(3, Map.of("ipmi_n3", Kind.FLAKY, "pdu_n3", Kind.SLOW), Core::real);
        sim.hang(3);
        sim.runUntil(200_000);
        assertTrue(sim.checker.fencedReports >= 1);
        assertTrue(sim.syslog(1).contains("fence node3 success"));
    }

    @Test
    void threeNodesThePartitionWithQuorumFencesTheLoneNodeWhichFencesNobody() {
        FenceSim sim = sim(3, Map.of(), Core::real);
        sim.partition(Map.of(3, 1));
        sim.runUntil(30_000);
        assertEquals(List.of("fencing node node3", "fence node3 success"), sim.syslog(1));
        assertEquals(List.of("fencing deferred to node1"), sim.syslog(2));
        assertEquals(List.of(), sim.syslog(3), "the lone node is inquorate and fences nobody");
        assertFalse(sim.nodes.get(3).powered);
    }

    @Test
    void twoNodeSplitTheDelayOnOneNodesDeviceMakesExactlyOneSurvive() {
        // node1's device carries delay=15: whoever fences node1 waits 15 s, so node1 shoots first.
        FenceSim sim = new FenceSim(config(2, Map.of(1, 15)), true, Map.of(), 7, Core::real);
        sim.runUntil(20_000);
        sim.partition(Map.of(2, 1));
        sim.runUntil(35_000);
        assertTrue(sim.nodes.get(1).powered, "node1 survives");
        assertFalse(sim.nodes.get(2).powered, "node2 is off");
        assertEquals(List.of("fencing node node2", "fence node2 success"), sim.syslog(1));
        assertEquals(List.of("fencing node node1"), sim.syslog(2), "node2 died during its delay");

        // Without the delay both shoot at once and both die: why the delay is customary.
        FenceSim bare = new FenceSim(config(2, Map.of()), true, Map.of(), 7, Core::real);
        bare.runUntil(20_000);
        bare.partition(Map.of(2, 1));
        bare.runUntil(35_000);
        assertFalse(bare.nodes.get(1).powered || bare.nodes.get(2).powered, "both dead without a delay");
    }

    @Test
    void victimResumingDuringPostFailDelayIsNotFenced() {
        DaemonSettings slow = new DaemonSettings(6_000, 10_000, false, 3_000, false);
        FenceConfig base = config(3, Map.of());
        FenceSim sim = new FenceSim(new FenceConfig(base.nodes(), slow, 30_000), false, Map.of(), 3, Core::real);
        sim.runUntil(20_000);
        sim.hang(3);
        sim.runUntil(25_000);
        sim.resume(3);
        sim.runUntil(60_000);
        assertTrue(sim.nodes.get(3).powered);
        assertTrue(sim.syslog(1).contains("node node3 rejoined, not fencing it"));
        assertEquals(0, sim.nodes.get(2).core.state().victimCount());
    }

    @Test
    void randomSeedsKeepEveryChecker() {
        int fenced = 0;
        for (long seed = 1; seed <= 150; seed++) {
            FenceSim sim = randomRun(seed, Core::real);
            fenced += sim.checker.fencedReports;
        }
        assertTrue(fenced > 100, "the random runs really fence nodes: " + fenced);
    }

    /** Replays one seed with its trace: -Dsim.seed=N -Dsim.trace=true (skipped without sim.seed). */
    @Test
    void replaySeed() {
        Long seed = Long.getLong("sim.seed");
        org.junit.jupiter.api.Assumptions.assumeTrue(seed != null, "set -Dsim.seed=N to replay one seed");
        FenceSim sim = randomRun(seed, Core::real);
        sim.trace.forEach(System.out::println);
    }

    @Test
    void oneSeedReplaysExactly() {
        assertEquals(randomRun(42, Core::real).trace, randomRun(42, Core::real).trace);
    }

    /** A random cluster of 3-5 nodes with random devices and faults; prints the replay line on failure. */
    static FenceSim randomRun(long seed, Core.Factory factory) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 3 + random.nextInt(3);
        Map<String, Kind> kinds = new TreeMap<>();
        Kind[] all = Kind.values();
        for (int i = 1; i <= n; i++) {
            kinds.put("ipmi_n" + i, all[random.nextInt(all.length)]);
            kinds.put("pdu_n" + i, random.nextInt(3) == 0 ? all[random.nextInt(all.length)] : Kind.OK);
        }
        FenceSim sim = new FenceSim(config(n, Map.of()), false, kinds, seed, factory);
        try {
            sim.runUntil(20_000);
            for (int fault = 0; fault < 4; fault++) {
                int victim = 1 + random.nextInt(n);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        if (sim.nodes.get(victim).alive()) {
                            sim.hang(victim);
                        }
                    }
                    case 1 -> {
                        // Partitions only split: a stateful merge is what cman refuses (it kills
                        // the node), so a cut-off node comes back only through a reboot.
                        if (sim.nodes.get(victim).group == 0) {
                            sim.partition(isolate(sim, victim, fault + 1));
                        }
                    }
                    default -> {
                        if (sim.nodes.get(victim).hung) {
                            sim.resume(victim);
                        }
                    }
                }
                sim.runUntil(sim.now + 1_000 + random.nextInt(180_000));
            }
            sim.runUntil(sim.now + 600_000);
        } catch (RuntimeException e) {
            if (Boolean.getBoolean("sim.trace")) {
                sim.trace.forEach(System.out::println);
            }
            throw new AssertionError("SEED=" + seed + " (replay: mvn -o -pl fenced test -Dtest=FenceSimTest#replaySeed"
                    + " -DargLine='-Dsim.seed=" + seed + " -Dsim.trace=true'): "
                    + e.getMessage(), e);
        }
        return sim;
    }

    private static Map<Integer, Integer> isolate(FenceSim sim, int victim, int group) {
        Map<Integer, Integer> groups = new TreeMap<>();
        sim.nodes.values().forEach(node -> groups.put(node.id, node.group));
        groups.put(victim, group);
        return groups;
    }

    // ---------------------------------------------------------------- the checkers catch broken cores

    /** A core that believes every agent: reports fenced although the device failed. */
    private static Core trusting(org.corral.fenced.core.FenceConfig config, int id) {
        return new Wrapped(Core.real(config, id)) {
            @Override
            public void handle(FenceEvent event) {
                if (event instanceof AgentFinished f) {
                    event = new AgentFinished(f.runId(), AgentOutcome.SUCCESS, 0);
                }
                inner.handle(event);
            }
        };
    }

    /** A core that gives up after one failed round and drops the victim without a word. */
    private static Core forgetful(org.corral.fenced.core.FenceConfig config, int id) {
        return new Wrapped(Core.real(config, id)) {
            @Override
            public List<FenceEffect> takeEffects() {
                List<FenceEffect> out = new ArrayList<>();
                for (FenceEffect e : inner.takeEffects()) {
                    if (e instanceof AwaitOverride wait) {
                        inner.handle(new OverrideAck(wait.victim()));
                        inner.takeEffects();
                        continue;
                    }
                    out.add(e);
                }
                return out;
            }
        };
    }

    /** A core that thinks it is always quorate. */
    private static Core impatient(org.corral.fenced.core.FenceConfig config, int id) {
        return new Wrapped(Core.real(config, id)) {
            @Override
            public void handle(FenceEvent event) {
                inner.handle(event instanceof QuorumChanged ? new QuorumChanged(true) : event);
            }
        };
    }

    /** A core that stops retrying: after the first failed round its clock stands still. */
    private static Core stalled(org.corral.fenced.core.FenceConfig config, int id) {
        return new Wrapped(Core.real(config, id)) {
            private boolean frozen;

            @Override
            public void tick(long nowMs) {
                if (!frozen) {
                    inner.tick(nowMs);
                }
            }

            @Override
            public List<FenceEffect> takeEffects() {
                List<FenceEffect> out = inner.takeEffects();
                frozen |= out.stream().anyMatch(AwaitOverride.class::isInstance);
                return out;
            }
        };
    }

    @Test
    void checkersCatchBrokenCores() {
        Violation stuck = assertThrows(Violation.class, () -> {
            FenceSim sim = sim(3, Map.of("ipmi_n3", Kind.FAIL, "pdu_n3", Kind.FAIL), FenceSimTest::stalled);
            sim.hang(3);
            sim.runUntil(200_000);
        });
        assertTrue(stuck.getMessage().startsWith("node 1 has not tried to fence node 3 for"), stuck.getMessage());

        Violation trusted = assertThrows(Violation.class, () -> {
            FenceSim sim = sim(3, Map.of("ipmi_n3", Kind.FAIL, "pdu_n3", Kind.FAIL), FenceSimTest::trusting);
            sim.hang(3);
            sim.runUntil(60_000);
        });
        assertTrue(trusted.getMessage().contains("reported node3 fenced (agent) but its power never went off"),
                trusted.getMessage());

        Violation forgot = assertThrows(Violation.class, () -> {
            FenceSim sim = sim(3, Map.of("ipmi_n3", Kind.FAIL, "pdu_n3", Kind.FAIL), FenceSimTest::forgetful);
            sim.hang(3);
            sim.runUntil(60_000);
        });
        assertEquals("node 1 stopped fencing node 3 while it is powered", forgot.getMessage());

        Violation rushed = assertThrows(Violation.class, () -> {
            FenceSim sim = sim(3, Map.of(), FenceSimTest::impatient);
            sim.partition(Map.of(3, 1));
            sim.runUntil(60_000);
        });
        assertTrue(rushed.getMessage().contains("node 3 ran a fence agent") && rushed.getMessage().contains("inquorate"),
                rushed.getMessage());
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private abstract static class Wrapped implements Core {
        final Core inner;

        Wrapped(Core inner) {
            this.inner = inner;
        }

        @Override
        public void tick(long nowMs) {
            inner.tick(nowMs);
        }

        @Override
        public void handle(FenceEvent event) {
            inner.handle(event);
        }

        @Override
        public void startUnfence() {
            inner.startUnfence();
        }

        @Override
        public List<FenceEffect> takeEffects() {
            return inner.takeEffects();
        }

        @Override
        public DomainState state() {
            return inner.state();
        }
    }
}
