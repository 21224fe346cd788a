package org.corral.tools.cmap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * cmap's track facility (corosync 2's cmap_track_add with ADD | DELETE | MODIFY, and PREFIX for
 * {@code -T}): each track remembers the values it last reported and, when polled, reports every key
 * created, deleted or modified since, as corosync-cmapctl's {@code create>}, {@code delete>} and
 * {@code modify>} lines. Values are compared, not events hooked: runtime keys are computed by
 * their engines on demand, so comparing is the one way that sees every source alike.
 *
 * <p>A track belongs to a connection and dies with it ({@link #dropConnection}); a client that
 * vanishes leaves nothing behind. Only the daemon's loop touches this class.
 */
public final class CmapTracks {
    public static final int TRACKS_MAX = 256;
    public static final int TRACKS_PER_CONNECTION_MAX = 16;
    /** Lines in one notification; a burst beyond it is cut and ends with an "overflow" line. */
    public static final int CHANGES_PER_POLL_MAX = 10_000;

    /** One change, as corosync's notify callback reported it. */
    public record Change(String event, CmapStore.Entry entry) {
        public String line() {
            return event + "\t" + entry.key() + "\t" + entry.type() + "\t" + entry.value();
        }
    }

    private record Track(long id, long connection, String name, boolean prefix, Map<String, CmapStore.Entry> last) {}

    private final CmapStore store;
    private final TreeMap<Long, Track> tracks = new TreeMap<>();
    private long nextId = 1;

    public CmapTracks(CmapStore store) {
        this.store = store;
    }

    public int size() {
        return tracks.size();
    }

    public boolean isEmpty() {
        return tracks.isEmpty();
    }

    /** Adds a track for {@code connection}; returns its id, or throws with a one-line reason at a limit. */
    public long add(long connection, String name, boolean prefix) {
        if (tracks.size() >= TRACKS_MAX) {
            throw new IllegalStateException("more than " + TRACKS_MAX + " tracks in the daemon");
        }
        long mine = tracks.values().stream().filter(t -> t.connection() == connection).count();
        if (mine >= TRACKS_PER_CONNECTION_MAX) {
            throw new IllegalStateException("more than " + TRACKS_PER_CONNECTION_MAX + " tracks on one connection");
        }
        long id = nextId++;
        tracks.put(id, new Track(id, connection, name, prefix, snapshot(name, prefix)));
        return id;
    }

    /** Removes one track of {@code connection}; false when it has no such track. */
    public boolean remove(long connection, long id) {
        Track track = tracks.get(id);
        if (track == null || track.connection() != connection) {
            return false;
        }
        tracks.remove(id);
        return true;
    }

    public void dropConnection(long connection) {
        tracks.values().removeIf(t -> t.connection() == connection);
    }

    /** Every track's changes since its last poll, by connection (tracks in id order). */
    public Map<Long, List<String>> poll() {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (Track track : tracks.values()) {
            Map<String, CmapStore.Entry> now = snapshot(track.name(), track.prefix());
            List<Change> changes = diff(track.last(), now);
            if (changes.isEmpty()) {
                continue;
            }
            track.last().clear();
            track.last().putAll(now);
            List<String> lines = out.computeIfAbsent(track.connection(), c -> new ArrayList<>());
            for (Change change : changes) {
                if (lines.size() >= CHANGES_PER_POLL_MAX) {
                    lines.add("overflow\t" + track.name() + "\tstr\tmore than " + CHANGES_PER_POLL_MAX + " changes");
                    break;
                }
                lines.add(change.line());
            }
        }
        return out;
    }

    /** Created and modified keys in the new order, then deleted keys in the old order. */
    static List<Change> diff(Map<String, CmapStore.Entry> before, Map<String, CmapStore.Entry> after) {
        List<Change> changes = new ArrayList<>();
        after.forEach((key, entry) -> {
            CmapStore.Entry old = before.get(key);
            if (old == null) {
                changes.add(new Change("create", entry));
            } else if (!old.equals(entry)) {
                changes.add(new Change("modify", entry));
            }
        });
        before.forEach((key, entry) -> {
            if (!after.containsKey(key)) {
                changes.add(new Change("delete", entry));
            }
        });
        return changes;
    }

    /** The keys a track watches now; a key repeated in cluster.conf counts once, with its last value. */
    private Map<String, CmapStore.Entry> snapshot(String name, boolean prefix) {
        Map<String, CmapStore.Entry> keys = new LinkedHashMap<>();
        for (CmapStore.Entry entry : store.list(name)) {
            if (prefix || entry.key().equals(name)) {
                keys.put(entry.key(), entry);
            }
        }
        return keys;
    }
}
