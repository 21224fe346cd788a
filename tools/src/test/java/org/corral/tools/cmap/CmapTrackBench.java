package org.corral.tools.cmap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What cmap tracking costs the daemon's loop: one poll of T prefix tracks over a store with K
 * runtime keys, one key changing per poll (the usual shape: counters move, little else). Not a
 * test; run with
 * {@code java -cp tools/target-<dir>/test-classes:tools/target-<dir>/classes:<deps> org.corral.tools.cmap.CmapTrackBench [tracks] [keys]}.
 */
public final class CmapTrackBench {
    private CmapTrackBench() {}

    public static void main(String[] args) {
        int trackCount = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int keyCount = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        TreeMap<String, String> runtime = new TreeMap<>();
        for (int i = 0; i < keyCount; i++) {
            runtime.put("runtime.totem.pg.mrp.srp.k" + i, Integer.toString(i));
        }
        CmapStore store = new CmapStore(List.of(Map.entry("totem.token", "1000")));
        store.addRuntime(() -> runtime);
        CmapTracks tracks = new CmapTracks(store);
        for (int t = 0; t < trackCount; t++) {
            tracks.add(t / CmapTracks.TRACKS_PER_CONNECTION_MAX, "runtime.", true);
        }
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            int polls = 2000;
            long start = System.nanoTime();
            for (int p = 0; p < polls; p++) {
                runtime.put("runtime.totem.pg.mrp.srp.k0", Integer.toString(p + round * polls));
                sink += tracks.poll().size();
            }
            double microsPerPoll = (System.nanoTime() - start) / 1000.0 / polls;
            System.out.printf("round %d: %d tracks x %d keys: %.1f us per poll (at one poll per 50 ms: %.2f%% of a core)%n",
                    round, trackCount, keyCount, microsPerPoll, microsPerPoll / 50_000.0 * 100);
        }
        System.out.println("(" + sink + " notifications)");
    }
}
