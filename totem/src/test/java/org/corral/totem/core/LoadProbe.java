package org.corral.totem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Manual probe (not a test): heavy load, light loss; reports the oldest undelivered own message. */
final class LoadProbe {
    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        double loss = Double.parseDouble(args[1]);
        int perSecond = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        SplittableRandom random = new SplittableRandom(seed);
        Cluster cluster = new Cluster(size, 1350);
        cluster.drop = p -> random.nextDouble() < loss;
        cluster.latency = p -> 2 + random.nextInt(4);
        cluster.startAll();
        List<NodeId> all = new ArrayList<>(cluster.nodes.keySet());
        cluster.runUntil(() -> cluster.allOperationalWith(all), 600_000, "ring");
        TreeMap<String, Long> pending = new TreeMap<>();
        int counter = 0;
        long end = cluster.now + 20_000;
        while (cluster.now < end) {
            for (int id = 1; id <= size; id++) {
                if (random.nextInt(1000) < perSecond) {
                    double kind = random.nextDouble();
                    int length = kind < 0.8 ? 20 + random.nextInt(180) : kind < 0.97 ? 200 + random.nextInt(2800) : 3000 + random.nextInt(17000);
                    String text = "n" + id + "#" + counter++ + "-" + "x".repeat(length);
                    if (cluster.submit(id, text) == SubmitResult.ACCEPTED) {
                        pending.put(text, cluster.now);
                    }
                }
            }
            cluster.step();
            if (cluster.now % 2000 == 0) {
                for (int id = 1; id <= size; id++) {
                    for (String got : cluster.delivered(id)) {
                        if (got.startsWith("n" + id + "#")) {
                            pending.remove(got);
                        }
                    }
                }
                long oldest = pending.values().stream().mapToLong(Long::longValue).min().orElse(cluster.now);
                System.out.println("t=" + cluster.now + " pending=" + pending.size() + " oldest age=" + (cluster.now - oldest)
                        + " states=" + cluster.node(1).state() + " ring=" + cluster.node(1).ringId()
                        + " c1=" + cluster.node(1).counters().get("mcast_tx") + "/" + cluster.node(1).counters().get("mcast_retx")
                        + " lost=" + cluster.node(1).counters().get("operational_token_lost") + " tok=" + cluster.node(1).counters().get("orf_token_rx") + " tx=" + cluster.node(1).counters().get("orf_token_tx") + " mtt=" + cluster.node(1).counters().get("mtt_rx_token") + " pend1=" + cluster.node(1).pendingFrames());
                cluster.events.values().forEach(List::clear);
            }
        }
    }
}
