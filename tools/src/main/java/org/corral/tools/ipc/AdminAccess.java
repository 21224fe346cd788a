package org.corral.tools.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who besides root and the daemon's own user may change things over the socket: the users and
 * groups of cluster.conf's {@code <uidgid uid= gid=>} elements (corosync.conf's uidgid section,
 * which RHCS kept there) and corrald's {@code -g gid}. Ids are kept unsigned, as the kernel's.
 * Names are resolved once at start, in {@code $CORRAL_ROOT/etc/passwd|group} first and then the
 * host's {@code /etc/passwd|group}; an unknown name refuses the start with one line.
 */
public record AdminAccess(TreeSet<Long> uids, TreeSet<Long> gids) {
    public static final int IDS_MAX = 64;
    public static final AdminAccess NONE = new AdminAccess(new TreeSet<>(), new TreeSet<>());
    /** The largest id: (uid_t) -1 is "no id" to the kernel. */
    static final long ID_MAX = 4_294_967_294L;

    public AdminAccess {
        uids = new TreeSet<>(uids);
        gids = new TreeSet<>(gids);
        if (uids.size() + gids.size() > IDS_MAX) {
            throw new IllegalArgumentException("more than " + IDS_MAX + " uidgid entries");
        }
    }

    /** True when a peer with {@code uid} and supplementary/primary {@code gids} is listed. */
    public boolean allows(int uid, List<Integer> peerGids) {
        if (uids.contains(Integer.toUnsignedLong(uid))) {
            return true;
        }
        for (int gid : peerGids) {
            if (gids.contains(Integer.toUnsignedLong(gid))) {
                return true;
            }
        }
        return false;
    }

    /** This access with one more group (corrald -g), or itself for a negative gid. */
    public AdminAccess withGid(int gid) {
        if (gid < 0) {
            return this;
        }
        TreeSet<Long> more = new TreeSet<>(gids);
        more.add((long) gid);
        return new AdminAccess(uids, more);
    }

    public boolean isEmpty() {
        return uids.isEmpty() && gids.isEmpty();
    }

    /**
     * Resolves {@code <uidgid>}'s values (numbers or names, as written) under {@code root}.
     *
     * @throws IllegalArgumentException with one line naming the value that does not resolve
     */
    public static AdminAccess resolve(Path root, List<String> users, List<String> groups) {
        TreeSet<Long> uids = new TreeSet<>();
        TreeSet<Long> gids = new TreeSet<>();
        for (String user : users) {
            uids.add(resolve(root, "passwd", "user", user));
        }
        for (String group : groups) {
            gids.add(resolve(root, "group", "group", group));
        }
        return new AdminAccess(uids, gids);
    }

    private static long resolve(Path root, String database, String what, String value) {
        String text = value.strip();
        if (text.matches("[0-9]{1,10}")) {
            long id = Long.parseLong(text);
            if (id > ID_MAX) {
                throw new IllegalArgumentException("uidgid: " + what + " id " + text + " is out of range");
            }
            return id;
        }
        Path local = root.resolve("etc").resolve(database);
        Path host = Path.of("/etc", database);
        for (Path file : local.equals(host) ? List.of(host) : List.of(local, host)) {
            Optional<Long> id = lookup(file, text);
            if (id.isPresent()) {
                return id.get();
            }
        }
        throw new IllegalArgumentException("uidgid: unknown " + what + " '" + text + "' (not in " + local
                + (local.equals(host) ? "" : " nor " + host) + ")");
    }

    /** The id (third field) of the line named {@code name} in a passwd or group file. */
    static Optional<Long> lookup(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[0].equals(name) && fields[2].matches("[0-9]{1,10}")) {
                    return Optional.of(Long.parseLong(fields[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable file is one that does not list the name; the next one may
        }
        return Optional.empty();
    }
}
