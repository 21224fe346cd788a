package org.corral.cpg.core;

import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.corral.cpg.wire.CpgCodec;
import org.corral.totem.core.NodeId;

/**
 * A measurement, not a test: how many agreed messages per second three CPG engines (codec, view
 * checks, callbacks) process on one thread over the fake totem, which costs next to nothing. This
 * bounds what the CPG layer can add to a real ring. Run:
 * {@code java -cp cpg/target/classes:cpg/target/test-classes:<totem jar> org.corral.cpg.core.EngineThroughput [bytes] [seconds]}
 */
final class EngineThroughput {
    private EngineThroughput() {}

    public static void main(String[] args) {
        int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        TreeMap<NodeId, CpgEngine> engines = new TreeMap<>();
        long[] callbacks = {0};
        FakeTotem totem = new FakeTotem((node, event, step) -> {
            CpgEngine engine = engines.get(node);
            engine.onTotemEvent(event);
            callbacks[0] += engine.takeEffects().size();
        }, 256);
        for (int i = 1; i <= 3; i++) {
            NodeId node = NodeId.of(i);
            engines.put(node, new CpgEngine(CpgConfig.defaults(), node, totem.port(node), CpgCodec.INSTANCE));
            totem.start(node);
        }
        totem.partition(List.of(totem.upNodes()));
        Random random = new Random(1);
        while (totem.deliverOne(random)) {
            engines.values().forEach(CpgEngine::flush);
        }
        for (CpgEngine engine : engines.values()) {
            engine.connect(1, 100 + engine.self().value(), false);
            engine.join(1, GroupName.of("bench"));
        }
        while (totem.deliverOne(random)) {
            engines.values().forEach(CpgEngine::takeEffects);
        }
        byte[] payload = new byte[bytes];
        int rounds = 6;
        double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long sent = 0;
            long before = callbacks[0];
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int batch = 0; batch < 1000; batch++) {
                    for (CpgEngine engine : engines.values()) {
                        if (engine.mcast(1, payload) == CsError.OK) {
                            sent++;
                        }
                    }
                    while (totem.deliverOne(random)) {
                        // every queued message to every node
                    }
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            rates[round] = sent / elapsed;
            System.out.printf("%d B: %.0f agreed msgs/s through 3 engines (%.0f callbacks/s), run %d%n",
                    bytes, rates[round], (callbacks[0] - before) / elapsed, round + 1);
        }
        double[] measured = java.util.Arrays.copyOfRange(rates, 1, rounds); // run 1 warms the JIT up
        java.util.Arrays.sort(measured);
        System.out.printf("%d B: median %.0f msgs/s (min %.0f, max %.0f) over runs 2..%d%n", bytes,
                measured[measured.length / 2], measured[0], measured[measured.length - 1], rounds);
    }
}
