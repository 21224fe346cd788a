package org.corral.tools.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving {@code <uidgid>} values and deciding who may change things. */
class AdminAccessTest {
    @TempDir
    Path root;

    @Test
    void namesComeFromThePrefixFirstThenTheHostAndNumbersStandForThemselves() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/group"), "haclient:x:189:alice\nroot:x:777:\n");
        Files.writeString(root.resolve("etc/passwd"), "alice:x:1001:1001::/home/alice:/bin/sh\n");
        AdminAccess access = AdminAccess.resolve(root, List.of("alice", "4242"), List.of("haclient", "root", "12"));
        assertEquals(new TreeSet<>(List.of(1001L, 4242L)), access.uids());
        assertEquals(new TreeSet<>(List.of(12L, 189L, 777L)), access.gids());
        // A name the prefix does not list comes from the host's file: every system has group root (0).
        Files.writeString(root.resolve("etc/group"), "");
        assertEquals(new TreeSet<>(List.of(0L)), AdminAccess.resolve(root, List.of(), List.of("root")).gids());
    }

    @Test
    void anUnknownNameOrAnOutOfRangeIdIsOneLine() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> AdminAccess.resolve(root, List.of("nosuchuser-x"), List.of()));
        assertEquals("uidgid: unknown user 'nosuchuser-x' (not in " + root.resolve("etc/passwd") + " nor /etc/passwd)",
                unknown.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> AdminAccess.resolve(root, List.of(), List.of("4294967295")));
        assertEquals("uidgid: group id 4294967295 is out of range", range.getMessage());
    }

    @Test
    void rootTheDaemonsUserListedUsersAndGroupMembersMayChangeNobodyElse() {
        AdminAccess access = new AdminAccess(new TreeSet<>(List.of(4242L)), new TreeSet<>(List.of(189L)));
        assertTrue(Peer.privileged(0, List.of(), 999, access));
        assertTrue(Peer.privileged(999, List.of(), 999, access));
        assertTrue(Peer.privileged(4242, List.of(4242), 999, access));
        assertTrue(Peer.privileged(65534, List.of(65534, 189), 999, access));
        assertFalse(Peer.privileged(65534, List.of(65534), 999, access));
        assertTrue(Peer.privileged(65534, List.of(50), 999, AdminAccess.NONE.withGid(50)));
        assertFalse(Peer.privileged(65534, List.of(50), 999, -1));
    }
}
