package org.corral.tools.cmap;

import java.util.ArrayList;
import java.util.List;

import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.corral.tools.ipc.Service;

/**
 * The cmap namespace of corrald's socket. Commands: {@code get KEY}, {@code list [PREFIX]},
 * {@code track KEY key|prefix}, {@code untrack ID} (read), {@code set KEY VALUE}, {@code delete KEY}
 * (change). Each answer line is {@code key TAB type TAB value}; {@code track} answers its id and
 * from then on the connection gets notification frames whose lines are
 * {@code create|modify|delete TAB key TAB type TAB value} ({@link CmapTracks}).
 *
 * <p>Tracks are compared at most every {@link #TRACK_POLL_INTERVAL_MS} ms (the loop's flush timer
 * runs every 10 ms), so a tracked counter that moves all the time costs one comparison per
 * interval, not one per delivered message; with no track, polling costs one emptiness check.
 */
public final class CmapService implements ControlService {
    public static final long TRACK_POLL_INTERVAL_MS = 50;
    private final CmapStore store;
    private final CmapTracks tracks;
    private long nextPollNanos;

    public CmapService(CmapStore store) {
        this.store = store;
        this.tracks = new CmapTracks(store);
        store.addRuntime(() -> java.util.Map.of("runtime.services.cmap.tracks", Integer.toString(tracks.size())));
    }

    @Override
    public Service service() {
        return Service.CMAP;
    }

    @Override
    public boolean changes(String command) {
        return command.equals("set") || command.equals("delete");
    }

    @Override
    public Answer handle(Peer peer, String command, List<String> arguments) {
        switch (command) {
            case "get": {
                if (arguments.size() != 1) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "get needs one key");
                }
                CmapStore.Entry entry = store.get(arguments.get(0));
                return entry == null ? Answer.error(Answer.ERR_NOT_EXIST, "no key " + arguments.get(0))
                        : Answer.ok(List.of(line(entry)));
            }
            case "list": {
                if (arguments.size() > 1) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "list takes at most one prefix");
                }
                List<String> lines = new ArrayList<>();
                store.list(arguments.isEmpty() ? "" : arguments.get(0)).forEach(e -> lines.add(line(e)));
                return Answer.ok(lines);
            }
            case "set": {
                if (arguments.size() != 2) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "set needs a key and a value");
                }
                String error = store.set(arguments.get(0), arguments.get(1));
                return error == null ? Answer.ok(List.of()) : Answer.error(Answer.ERR_INVALID_PARAM, error);
            }
            case "track": {
                if (arguments.size() != 2 || !List.of("key", "prefix").contains(arguments.get(1))
                        || arguments.get(0).length() > CmapStore.KEY_BYTES_MAX) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "track needs a key (or prefix) and 'key' or 'prefix'");
                }
                try {
                    long id = tracks.add(peer.connection(), arguments.get(0), arguments.get(1).equals("prefix"));
                    return Answer.ok(List.of(Long.toString(id)));
                } catch (IllegalStateException e) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, e.getMessage());
                }
            }
            case "untrack": {
                if (arguments.size() != 1 || !arguments.get(0).matches("[0-9]{1,18}")) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "untrack needs a track id");
                }
                return tracks.remove(peer.connection(), Long.parseLong(arguments.get(0))) ? Answer.ok(List.of())
                        : Answer.error(Answer.ERR_NOT_EXIST, "no track " + arguments.get(0) + " on this connection");
            }
            case "delete": {
                if (arguments.size() != 1) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "delete needs one key");
                }
                return store.delete(arguments.get(0)) ? Answer.ok(List.of())
                        : Answer.error(Answer.ERR_NOT_EXIST, "no key set at run time named " + arguments.get(0));
            }
            default:
                return Answer.unknown(command);
        }
    }

    @Override
    public void poll(Notifier notifier) {
        if (tracks.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextPollNanos < 0) {
            return;
        }
        nextPollNanos = now + TRACK_POLL_INTERVAL_MS * 1_000_000L;
        tracks.poll().forEach((connection, lines) -> notifier.notify(connection, Service.CMAP, lines));
    }

    @Override
    public void connectionClosed(long connection) {
        tracks.dropConnection(connection);
    }

    private static String line(CmapStore.Entry entry) {
        return entry.key() + "\t" + entry.type() + "\t" + entry.value();
    }
}
