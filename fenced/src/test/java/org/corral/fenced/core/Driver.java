package org.corral.fenced.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.corral.fenced.core.FenceEffect.Log;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEvent.AgentFinished;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.corral.fenced.core.FenceEvent.MembershipChanged;
import org.corral.fenced.core.FenceEvent.QuorumChanged;

/** Drives one FenceDomain by hand and keeps every effect it produced, for scenario tests. */
final class Driver {
    final FenceDomain domain;
    final List<FenceEffect> all = new ArrayList<>();
    long now;

    Driver(FenceConfig config, int local) {
        domain = new FenceDomain(config, local);
    }

    Driver at(long ms) {
        now = ms;
        domain.tick(ms);
        drain();
        return this;
    }

    Driver quorate(boolean q) {
        domain.handle(new QuorumChanged(q));
        drain();
        return this;
    }

    /** A change: members now; joined/failed as given; cluster members = members. */
    Driver change(List<Integer> members, List<Integer> joined, List<Integer> failed) {
        domain.handle(new MembershipChanged(new TreeSet<>(members), new TreeSet<>(joined), new TreeSet<>(),
                new TreeSet<>(failed), new TreeSet<>(members)));
        drain();
        return this;
    }

    Driver finish(AgentOutcome outcome) {
        RunAgent run = lastRun();
        domain.handle(new AgentFinished(run.runId(), outcome, outcome == AgentOutcome.SUCCESS ? 0 : 1));
        drain();
        return this;
    }

    Driver event(FenceEvent event) {
        domain.handle(event);
        drain();
        return this;
    }

    RunAgent lastRun() {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) instanceof RunAgent run) {
                return run;
            }
        }
        throw new AssertionError("no agent run");
    }

    List<RunAgent> runs() {
        return all.stream().filter(RunAgent.class::isInstance).map(RunAgent.class::cast).toList();
    }

    /** The log lines that syslog would show (DEBUG left out, as fenced's default). */
    List<String> syslog() {
        return all.stream().filter(Log.class::isInstance).map(Log.class::cast)
                .filter(l -> l.priority() != FenceEffect.Priority.DEBUG).map(Log::text).toList();
    }

    <T extends FenceEffect> List<T> of(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void drain() {
        all.addAll(domain.takeEffects());
    }
}
