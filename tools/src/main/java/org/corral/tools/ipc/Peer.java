package org.corral.tools.ipc;

import java.util.List;

/**
 * Who is on the other end of a connection, as the kernel vouches for it (SO_PEERCRED), and
 * whether it may change anything: root, the daemon's own user, or a user or group member of the
 * configured admin access ({@link AdminAccess}). Everyone else may only read.
 */
public record Peer(long connection, int pid, int uid, List<Integer> gids, boolean privileged) {
    public Peer {
        gids = List.copyOf(gids);
    }

    /** The decision, kept in one place. {@code adminGid} < 0 means no admin group. */
    public static boolean privileged(int uid, List<Integer> gids, int daemonUid, int adminGid) {
        return privileged(uid, gids, daemonUid, AdminAccess.NONE.withGid(adminGid));
    }

    public static boolean privileged(int uid, List<Integer> gids, int daemonUid, AdminAccess admins) {
        return uid == 0 || uid == daemonUid || admins.allows(uid, gids);
    }
}
