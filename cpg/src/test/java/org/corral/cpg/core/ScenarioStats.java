package org.corral.cpg.core;

import java.util.Map;
import java.util.TreeMap;

/** Prints how much the random runs exercise (deliveries, views by reason): java ... ScenarioStats N. */
final class ScenarioStats {
    private ScenarioStats() {}

    public static void main(String[] args) {
        int seeds = Integer.parseInt(args[0]);
        Map<String, Long> totals = new TreeMap<>();
        for (long seed = 0; seed < seeds; seed++) {
            CpgCluster cluster = RandomScenario.run(seed, CpgCluster.realEngines(CpgConfig.defaults()), 150);
            for (CpgCluster.Client client : cluster.clients.values()) {
                for (CpgCluster.Item item : client.history) {
                    if (item instanceof CpgCluster.View view) {
                        view.left().forEach(a -> totals.merge("left " + a.reason(), 1L, Long::sum));
                        view.joined().forEach(a -> totals.merge("joined " + a.reason(), 1L, Long::sum));
                    } else {
                        totals.merge(item.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }
            }
            cluster.log.forEach(line -> {
                if (line.contains("aborted")) {
                    totals.merge("sync aborted", 1L, Long::sum);
                }
                if (line.contains("does not fit")) {
                    totals.merge("INCONSISTENT", 1L, Long::sum);
                }
                if (line.contains("with NODEDOWN")) {
                    totals.merge("downlists", 1L, Long::sum);
                }
            });
        }
        totals.forEach((k, v) -> System.out.println(k + " " + v));
    }
}
