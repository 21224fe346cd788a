package org.corral.cpg.core;

/** Replays one random run and prints its log and violations: java ... ReplayMain SEED. */
final class ReplayMain {
    private ReplayMain() {}

    public static void main(String[] args) {
        long seed = Long.parseLong(args[0]);
        int actions = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        try {
            CpgCluster cluster = RandomScenario.run(seed, CpgCluster.realEngines(CpgConfig.defaults()), actions);

            cluster.log.forEach(System.out::println);
            CpgChecker.check(cluster, true).forEach(v -> System.out.println("VIOLATION " + v));
        } catch (RuntimeException | AssertionError e) {
            CpgCluster.lastLog.forEach(System.out::println);
            e.printStackTrace(System.out);
        }
    }
}
