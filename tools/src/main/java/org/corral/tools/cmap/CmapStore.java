package org.corral.tools.cmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * corosync's object database / cmap for one node: the flattened cluster.conf (in file order,
 * repeated keys kept, as corosync-objctl printed them), keys set at run time, and runtime.*
 * statistics read live from the engines through providers. Only the daemon's loop touches it.
 */
public final class CmapStore {
    public static final int SET_KEYS_MAX = 10_000;
    public static final int KEY_BYTES_MAX = 255;
    public static final int VALUE_BYTES_MAX = 4096;
    public static final String RUNTIME_PREFIX = "runtime.";

    /** One key as the commands print it: cmapctl shows the type, objctl only key=value. */
    public record Entry(String key, String type, String value) {}

    private final List<Map.Entry<String, String>> config;
    private final TreeMap<String, String> set = new TreeMap<>();
    private final List<Supplier<Map<String, String>>> runtime = new ArrayList<>();

    public CmapStore(List<Map.Entry<String, String>> config) {
        this.config = List.copyOf(config);
    }

    /** Adds a source of runtime.* keys (totem counters, CPG statistics, connections...). */
    public void addRuntime(Supplier<Map<String, String>> provider) {
        runtime.add(provider);
    }

    /** Every key starting with {@code prefix} ("" for all): configuration, then set keys, then runtime. */
    public List<Entry> list(String prefix) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, String> entry : config) {
            if (entry.getKey().startsWith(prefix) && !set.containsKey(entry.getKey())) {
                out.add(new Entry(entry.getKey(), "str", entry.getValue()));
            }
        }
        set.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.add(new Entry(key, "str", value));
            }
        });
        if (RUNTIME_PREFIX.startsWith(prefix) || prefix.startsWith(RUNTIME_PREFIX)) {
            for (Supplier<Map<String, String>> provider : runtime) {
                provider.get().forEach((key, value) -> {
                    if (key.startsWith(prefix)) {
                        out.add(new Entry(key, isNumber(value) ? "u64" : "str", value));
                    }
                });
            }
        }
        return out;
    }

    /** The first entry named exactly {@code key}, or null. */
    public Entry get(String key) {
        for (Entry entry : list(key)) {
            if (entry.key().equals(key)) {
                return entry;
            }
        }
        return null;
    }

    /** Sets a key; runtime.* keys belong to the engines and are refused. Returns an error text or null. */
    public String set(String key, String value) {
        if (key.isEmpty() || key.length() > KEY_BYTES_MAX || value.length() > VALUE_BYTES_MAX) {
            return "key or value too long";
        }
        if (key.startsWith(RUNTIME_PREFIX)) {
            return "runtime keys are read-only";
        }
        if (!set.containsKey(key) && set.size() >= SET_KEYS_MAX) {
            return "more than " + SET_KEYS_MAX + " keys set";
        }
        set.put(key, value);
        return null;
    }

    /** Deletes a key set at run time; configuration keys stay. */
    public boolean delete(String key) {
        return set.remove(key) != null;
    }

    private static boolean isNumber(String value) {
        if (value.isEmpty() || value.length() > 19) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
