package org.corral.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened in a run: a 64-bit hash over every event (to prove a seed replays identically)
 * and, when asked, human-readable lines (the expected traces of scenario files).
 */
public final class Trace {
    private long hash = 0xcbf29ce484222325L;
    private long events;
    private final boolean keepLines;
    private final List<String> lines = new ArrayList<>();

    public Trace(boolean keepLines) {
        this.keepLines = keepLines;
    }

    /** Folds values into the hash (a 64-bit FNV-1a over the values' bytes, then a final mix). */
    public void mix(long... values) {
        events++;
        for (long value : values) {
            for (int shift = 0; shift < 64; shift += 8) {
                hash ^= (value >>> shift) & 0xff;
                hash *= 0x100000001b3L;
            }
        }
    }

    public void line(String text) {
        mix(text.hashCode());
        if (keepLines) {
            lines.add(text);
        }
    }

    public boolean keepsLines() {
        return keepLines;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public long hash() {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

    public long events() {
        return events;
    }
}
