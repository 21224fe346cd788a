package org.corral.totem.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A few seeds of loss, duplication, reordering, crashes and partitions on five nodes, checked for
 * agreed order, no duplicates and virtual synchrony, then liveness after healing. The real,
 * large simulation is in property-tests; this one guards the core's own build.
 */
class RandomFaultsTest {
    static final int SEEDS = Integer.getInteger("totem.seeds", 12);

    @Test
    void randomFaultsKeepOrderAndVirtualSynchrony() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                runOne(seed);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("seed " + seed + " (rerun: -Dtotem.seeds=" + seed + "): " + failure.getMessage(), failure);
            }
        }
    }

    /** Runs seeds from the command line with timing: java ... RandomFaultsTest first last. */
    public static void main(String[] args) {
        for (long seed = Long.parseLong(args[0]); seed <= Long.parseLong(args[1]); seed++) {
            long start = System.nanoTime();
            try {
                runOne(seed);
                System.out.println("seed " + seed + " ok " + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (AssertionError | RuntimeException failure) {
                System.out.println("seed " + seed + " FAILED: " + failure.getMessage());
            }
        }
    }

    static void runOne(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int size = 3 + random.nextInt(3);
        Cluster cluster = new Cluster(size, 300, random.nextInt(3) == 0);
        double loss = random.nextInt(3) * 0.03;
        int[] side = new int[size + 1];
        boolean[] oneWay = {false};
        cluster.drop = packet -> {
            int from = side[packet.from().value()];
            int to = side[packet.to().value()];
            boolean cut = oneWay[0] ? from == 1 && to == 0 : from != to;
            return cut || random.nextDouble() < loss;
        };
        cluster.duplicate = packet -> random.nextDouble() < 0.02;
        cluster.latency = packet -> 1 + random.nextInt(4);
        cluster.startAll();
        int counter = 0;
        Map<NodeId, List<String>> accepted = new HashMap<>();
        for (int phase = 0; phase < 6; phase++) {
            for (int ms = 0; ms < 800; ms++) {
                if (random.nextInt(10) == 0) {
                    int id = 1 + random.nextInt(size);
                    if (!cluster.stopped.contains(NodeId.of(id))) {
                        String text = "p" + id + "-" + counter++ + "-" + "x".repeat(random.nextInt(3) == 0 ? 3000 : 5);
                        if (cluster.submit(id, text) == SubmitResult.ACCEPTED) {
                            accepted.computeIfAbsent(NodeId.of(id), key -> new ArrayList<>()).add(text);
                        }
                    }
                }
                cluster.step();
            }
            int fault = random.nextInt(6);
            cluster.frozen.clear();
            if (fault == 0) {
                oneWay[0] = random.nextInt(3) == 0;
                for (int id = 1; id <= size; id++) {
                    side[id] = random.nextInt(2);
                }
            } else if (fault == 3) {
                cluster.frozen.add(NodeId.of(1 + random.nextInt(size)));
            } else if (fault == 1) {
                java.util.Arrays.fill(side, 0);
            } else if (fault == 2) {
                NodeId victim = NodeId.of(1 + random.nextInt(size));
                if (cluster.stopped.contains(victim)) {
                    cluster.restart(victim);
                    accepted.remove(victim);
                } else {
                    cluster.crash(victim);
                    accepted.remove(victim);
                }
            }
        }
        for (NodeId id : new ArrayList<>(cluster.stopped)) {
            cluster.restart(id);
        }
        java.util.Arrays.fill(side, 0);
        cluster.frozen.clear();
        cluster.drop = packet -> false;
        List<NodeId> all = new ArrayList<>(cluster.nodes.keySet());
        cluster.runUntil(() -> cluster.allOperationalWith(all), 30_000, "one ring after healing");
        cluster.run(3000);
        checkOrderAndSynchrony(cluster);
        for (Map.Entry<NodeId, List<String>> own : accepted.entrySet()) {
            List<String> got = cluster.delivered(own.getKey().value());
            for (String text : own.getValue()) {
                assertTrue(got.contains(text), "node " + own.getKey() + " never delivered its own " + text.substring(0, Math.min(12, text.length())));
            }
        }
        if (Boolean.getBoolean("totem.verbose")) {
            System.out.println("seed " + seed + " nodes " + size + " loss " + loss + " submitted " + counter
                    + " delivered@1 " + cluster.delivered(1).size() + " configs@1 " + cluster.configurations(1).size()
                    + " now " + cluster.now + " " + cluster.node(1).counters());
        }
    }

    static void checkOrderAndSynchrony(Cluster cluster) {
        Map<NodeId, List<String>> delivered = new HashMap<>();
        for (NodeId id : cluster.nodes.keySet()) {
            List<String> list = cluster.delivered(id.value());
            assertEquals(list.size(), new LinkedHashSet<>(list).size(), "node " + id + " delivered a duplicate");
            delivered.put(id, list);
        }
        for (NodeId a : cluster.nodes.keySet()) {
            for (NodeId b : cluster.nodes.keySet()) {
                if (a.compareTo(b) < 0) {
                    checkPairOrder(a, delivered.get(a), b, delivered.get(b));
                }
            }
        }
        Map<NodeId, List<Epoch>> epochs = new HashMap<>();
        for (NodeId id : cluster.nodes.keySet()) {
            epochs.put(id, epochs(cluster, id));
        }
        for (NodeId a : cluster.nodes.keySet()) {
            for (NodeId b : cluster.nodes.keySet()) {
                if (a.compareTo(b) < 0) {
                    checkSynchrony(a, epochs.get(a), b, epochs.get(b));
                }
            }
        }
        // Crashed incarnations must agree with everybody too, up to their crash.
        List<List<Epoch>> past = new ArrayList<>();
        for (List<TotemEvent> history : cluster.pastIncarnations) {
            past.add(epochs(history));
        }
        for (int i = 0; i < past.size(); i++) {
            for (NodeId b : cluster.nodes.keySet()) {
                checkSynchrony(NodeId.of(1), past.get(i), b, epochs.get(b));
            }
        }
    }

    private static void checkPairOrder(NodeId a, List<String> first, NodeId b, List<String> second) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < first.size(); i++) {
            index.put(first.get(i), i);
        }
        int last = -1;
        for (String message : second) {
            Integer at = index.get(message);
            if (at != null) {
                assertTrue(at > last, "nodes " + a + " and " + b + " disagree on the order of " + message);
                last = at;
            }
        }
    }

    record Epoch(String config, Set<String> messages) {}

    private static List<Epoch> epochs(Cluster cluster, NodeId id) {
        return epochs(cluster.events.get(id));
    }

    private static List<Epoch> epochs(List<TotemEvent> history) {
        List<Epoch> epochs = new ArrayList<>();
        Epoch current = null;
        for (TotemEvent event : history) {
            if (event instanceof TotemEvent.ConfigurationChange change) {
                current = new Epoch(change.type() + " " + change.ring() + " " + change.members(), new LinkedHashSet<>());
                epochs.add(current);
            } else if (event instanceof TotemEvent.Delivered message && current != null) {
                current.messages().add(new String(message.payload(), StandardCharsets.UTF_8));
            }
        }
        return epochs;
    }

    private static void checkSynchrony(NodeId a, List<Epoch> first, NodeId b, List<Epoch> second) {
        for (int i = 0; i + 1 < first.size(); i++) {
            for (int j = 0; j + 1 < second.size(); j++) {
                if (first.get(i).config().equals(second.get(j).config())
                        && first.get(i + 1).config().equals(second.get(j + 1).config())) {
                    assertEquals(first.get(i).messages(), second.get(j).messages(),
                            "nodes " + a + " and " + b + " moved together from " + first.get(i).config()
                                    + " to " + first.get(i + 1).config() + " with different deliveries");
                }
            }
        }
    }
}
