package org.corral.totem.core;

import java.util.ArrayList;
import java.util.List;

/** Manual probe (not a test): java -cp ... ScaleProbe 16 */
final class ScaleProbe {
    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        double loss = args.length > 1 ? Double.parseDouble(args[1]) : 0;
        long tokenMs = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        java.util.SplittableRandom random = new java.util.SplittableRandom(args.length > 3 ? Long.parseLong(args[3]) : 1);
        Cluster cluster = new Cluster(size, tokenMs);
        cluster.drop = p -> random.nextDouble() < loss;
        cluster.latency = p -> 1 + (p.from().value() * 31 + p.to().value() * 17) % 3;
        cluster.startAll();
        List<NodeId> all = new ArrayList<>(cluster.nodes.keySet());
        cluster.runUntil(() -> cluster.allOperationalWith(all), 600_000, "ring");
        System.out.println("formed at " + cluster.now + " ms, packets " + cluster.sentPackets + " " + cluster.node(1).ringId());
        long before = cluster.now;
        long packets = cluster.sentPackets;
        for (int i = 0; i < 2000; i++) {
            cluster.submit(1 + i % size, "m" + i);
            if (i % 10 == 0) {
                cluster.step();
            }
        }
        cluster.runUntil(() -> cluster.delivered(size).size() == 2000, 600_000, "2000 delivered");
        System.out.println("2000 delivered in " + (cluster.now - before) + " ms, packets " + (cluster.sentPackets - packets)
                + " tokens@1 " + cluster.node(1).counters().get("orf_token_rx"));
        cluster.stopped.add(NodeId.of(size));
        long crash = cluster.now;
        cluster.runUntil(() -> cluster.allOperationalWith(all.subList(0, size - 1)), 600_000, "ring without last");
        System.out.println("crash to new config " + (cluster.now - crash) + " ms");
    }
}
