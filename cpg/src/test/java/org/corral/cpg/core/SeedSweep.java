package org.corral.cpg.core;

import java.util.List;

/** Runs many seeds outside JUnit and prints the failing ones: java ... SeedSweep FIRST COUNT [ACTIONS]. */
final class SeedSweep {
    private SeedSweep() {}

    public static void main(String[] args) {
        long first = Long.parseLong(args[0]);
        long count = Long.parseLong(args[1]);
        int actions = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        int failed = 0;
        for (long seed = first; seed < first + count; seed++) {
            try {
                List<String> violations = CpgChecker.check(
                        RandomScenario.run(seed, CpgCluster.realEngines(CpgConfig.defaults()), actions), true);
                if (!violations.isEmpty()) {
                    failed++;
                    System.out.println("SEED=" + seed + " " + violations.get(0));
                }
            } catch (RuntimeException | AssertionError e) {
                failed++;
                System.out.println("SEED=" + seed + " " + e);
            }
        }
        System.out.println(failed + " of " + count + " seeds failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
