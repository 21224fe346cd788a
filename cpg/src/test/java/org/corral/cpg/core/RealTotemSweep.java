package org.corral.cpg.core;

import java.util.List;

/** Runs RealTotemRandomTest's scenario for many seeds: java ... RealTotemSweep FIRST COUNT. */
final class RealTotemSweep {
    private RealTotemSweep() {}

    public static void main(String[] args) {
        long first = Long.parseLong(args[0]);
        long count = Long.parseLong(args[1]);
        int failed = 0;
        java.util.Map<String, Long> totals = new java.util.TreeMap<>();
        for (long seed = first; seed < first + count; seed++) {
            try {
                List<String> violations = RealTotemRandomTest.run(seed);
                if (!violations.isEmpty()) {
                    failed++;
                    System.out.println("SEED=" + seed + " " + violations.subList(0, Math.min(3, violations.size())));
                }
                RealTotemRandomTest.lastNet.callbacks.values().forEach(list -> list.forEach(effect -> {
                    if (effect instanceof CpgEffect.ConfChg c) {
                        c.left().forEach(a -> totals.merge("left " + a.reason(), 1L, Long::sum));
                        c.joined().forEach(a -> totals.merge("joined " + a.reason(), 1L, Long::sum));
                    } else {
                        totals.merge(effect.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }));
            } catch (RuntimeException | AssertionError e) {
                failed++;
                System.out.println("SEED=" + seed + " " + e);
            }
        }
        System.out.println(totals);
        System.out.println(failed + " of " + count + " seeds failed");
    }
}
