package org.corral.quorum.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives one engine per node the way totem would: every event of a partition reaches each of its
 * members in the same order. Keeps every effect each node produced for the assertions.
 */
final class EngineHarness {
    final Map<Integer, QuorumEngine> engines = new TreeMap<>();
    final Map<Integer, List<QuorumEffect>> effects = new TreeMap<>();
    private long generation;

    EngineHarness(QuorumConfig config, int... nodeIds) {
        for (int id : nodeIds) {
            start(config, id);
        }
    }

    void start(QuorumConfig config, int nodeId) {
        engines.put(nodeId, new QuorumEngine(config, nodeId));
        effects.put(nodeId, new ArrayList<>());
    }

    QuorumEngine node(int nodeId) {
        return engines.get(nodeId);
    }

    /** A new ring made of {@code members}; each member then announces itself with its own config. */
    void ring(int... members) {
        generation += 4;
        List<Integer> list = new ArrayList<>();
        for (int m : members) {
            list.add(m);
        }
        list.sort(null);
        deliver(list, new QuorumEvent.Membership(generation, list));
        for (int m : list) {
            QuorumConfig own = engines.get(m).config();
            QuorumView view = engines.get(m).view();
            int expected = view.nodes().stream().filter(n -> n.nodeId() == m).findFirst()
                    .map(QuorumView.Node::expectedVotes).orElse(own.expectedVotes());
            deliver(list, new QuorumEvent.NodeInfo(m, own.clusterName(), own.clusterId(), own.configVersion(),
                    own.votesOf(m), expected));
        }
    }

    void deliver(List<Integer> members, QuorumEvent event) {
        for (int m : members) {
            effects.get(m).addAll(engines.get(m).apply(event));
        }
    }

    void local(int nodeId, QuorumEvent event) {
        effects.get(nodeId).addAll(engines.get(nodeId).apply(event));
    }

    List<String> logs(int nodeId) {
        List<String> lines = new ArrayList<>();
        for (QuorumEffect effect : effects.get(nodeId)) {
            if (effect instanceof QuorumEffect.Log log) {
                lines.add(log.text());
            }
        }
        return lines;
    }

    List<QuorumEffect> drain(int nodeId) {
        List<QuorumEffect> out = new ArrayList<>(effects.get(nodeId));
        effects.get(nodeId).clear();
        return out;
    }
}
