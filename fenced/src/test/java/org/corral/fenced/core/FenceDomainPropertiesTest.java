package org.corral.fenced.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.corral.fenced.core.FenceConfig.DaemonSettings;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEffect.VictimDone;
import org.corral.fenced.core.FenceEvent.AgentFinished;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.corral.fenced.core.FenceEvent.FenceHow;
import org.corral.fenced.core.FenceEvent.MembershipChanged;
import org.corral.fenced.core.FenceEvent.OverrideAck;
import org.corral.fenced.core.FenceEvent.PeerFenced;
import org.corral.fenced.core.FenceEvent.QuorumChanged;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Any order of well-formed events (stale agent results, overrides for strangers, peers reporting
 * non-victims, the local node leaving and rejoining) keeps the core's invariants, and the core
 * is a function of its input: the same sequence gives the same effects.
 */
class FenceDomainPropertiesTest {

    @Property(tries = 300)
    void anyEventOrderKeepsTheInvariantsAndIsDeterministic(@ForAll long seed) {
        List<FenceEffect> first = run(seed);
        assertEquals(first, run(seed));
    }

    private static List<FenceEffect> run(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 2 + random.nextInt(4);
        FenceConfig config = Configs.tutorial(n, new DaemonSettings(random.nextInt(3) * 1_000L,
                random.nextInt(3) == 0 ? DaemonSettings.FOREVER : random.nextInt(2) * 1_000L, random.nextBoolean(),
                random.nextInt(3) * 1_000L, random.nextBoolean()));
        int local = 1 + random.nextInt(n);
        FenceDomain domain = new FenceDomain(config, local);
        List<FenceEffect> all = new ArrayList<>();
        TreeSet<Integer> members = new TreeSet<>();
        long now = 0;
        for (int step = 0; step < 200; step++) {
            now += random.nextInt(2_000);
            domain.tick(now);
            domain.handle(randomEvent(random, n, local, members, all));
            all.addAll(domain.takeEffects());
            for (FenceEffect e : all) {
                if (e instanceof RunAgent run) {
                    assertTrue(run.victimNodeId() != local || run.purpose() == AgentArgs.Purpose.UNFENCE);
                }
            }
            DomainState state = domain.state();
            assertTrue(state.victims().stream().noneMatch(v -> v == local));
            assertTrue(!state.joined() || state.members().contains(state.masterNodeId()));
        }
        for (FenceEffect e : all) {
            if (e instanceof VictimDone done) {
                assertTrue(done.nodeId() != local);
            }
        }
        return all;
    }

    private static FenceEvent randomEvent(SplittableRandom random, int n, int local, TreeSet<Integer> members,
                                          List<FenceEffect> effects) {
        switch (random.nextInt(6)) {
            case 0 -> {
                TreeSet<Integer> next = new TreeSet<>();
                for (int id = 1; id <= n; id++) {
                    if (id == local ? random.nextInt(8) != 0 : random.nextBoolean()) {
                        next.add(id);
                    }
                }
                TreeSet<Integer> joined = new TreeSet<>(next);
                joined.removeAll(members);
                TreeSet<Integer> gone = new TreeSet<>(members);
                gone.removeAll(next);
                TreeSet<Integer> left = new TreeSet<>();
                TreeSet<Integer> failed = new TreeSet<>();
                for (int id : gone) {
                    (random.nextInt(4) == 0 ? left : failed).add(id);
                }
                members.clear();
                members.addAll(next);
                return new MembershipChanged(next, joined, left, failed, next);
            }
            case 1 -> {
                return new QuorumChanged(random.nextInt(4) != 0);
            }
            case 2, 3 -> {
                List<RunAgent> runs = effects.stream().filter(RunAgent.class::isInstance).map(RunAgent.class::cast).toList();
                long runId = runs.isEmpty() ? 99 : runs.get(random.nextInt(runs.size())).runId();
                AgentOutcome outcome = AgentOutcome.values()[random.nextInt(AgentOutcome.values().length)];
                return new AgentFinished(runId, outcome, outcome == AgentOutcome.SUCCESS ? 0 : 1);
            }
            case 4 -> {
                return new OverrideAck("node" + (1 + random.nextInt(n + 1)));
            }
            default -> {
                return new PeerFenced(1 + random.nextInt(n), FenceHow.values()[1 + random.nextInt(4)], 1 + random.nextInt(n));
            }
        }
    }
}
