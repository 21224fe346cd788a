package org.corral.totem.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * The shared secret every node of a cluster holds: the contents of {@code <cman keyfile=>}, or,
 * as cman did when no key file is configured, the cluster name NUL-padded to a multiple of four
 * bytes (reference/corosync.md A4: cman says that is for isolation between clusters, not
 * security). Packet keys are derived from it per purpose by {@link PacketSealer}.
 */
public final class TotemKey {
    /** corosync 2.x's authkey size; corosync-keygen 2.x writes exactly this many bytes. */
    public static final int FILE_BYTES_MIN = 128;
    /** corosync 3's upper bound for a key file. */
    public static final int FILE_BYTES_MAX = 4096;
    /** cman's cluster name limit. */
    public static final int CLUSTER_NAME_CHARS_MAX = 15;

    private final byte[] material;
    private final String origin;

    private TotemKey(byte[] material, String origin) {
        this.material = material.clone();
        this.origin = origin;
    }

    /**
     * Reads a key file. Refuses (IllegalArgumentException, one line) a file that group or others
     * may read or write, like heartbeat's authkeys rule, and a size outside
     * {@value #FILE_BYTES_MIN}..{@value #FILE_BYTES_MAX} bytes.
     */
    public static TotemKey fromFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("key file " + file + " does not exist or is not a regular file");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
                if (permissions.contains(p)) {
                    throw new IllegalArgumentException("key file " + file + " is accessible by group or others ("
                            + java.nio.file.attribute.PosixFilePermissions.toString(permissions)
                            + "); run chmod 600 on it");
                }
            }
            long size = Files.size(file);
            if (size < FILE_BYTES_MIN || size > FILE_BYTES_MAX) {
                throw new IllegalArgumentException("key file " + file + " holds " + size + " bytes; it must hold "
                        + FILE_BYTES_MIN + " to " + FILE_BYTES_MAX + " bytes (e.g. dd if=/dev/urandom bs=128 count=1)");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return new TotemKey(bytes, "key file " + file);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("key file " + file + " is on a file system without POSIX permissions");
        }
    }

    /** cman's fallback: the cluster name itself, NUL-padded to (length + 4) & ~3 bytes. */
    public static TotemKey fromClusterName(String clusterName) {
        if (clusterName == null || clusterName.isEmpty() || clusterName.length() > CLUSTER_NAME_CHARS_MAX) {
            throw new IllegalArgumentException("Invalid cluster name. It must be " + CLUSTER_NAME_CHARS_MAX + " characters or fewer");
        }
        byte[] name = clusterName.getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(name, (name.length + 4) & ~3);
        return new TotemKey(padded, "cluster name");
    }

    /** For tests and tools that already hold the bytes. */
    public static TotemKey ofBytes(byte[] material) {
        if (material == null || material.length == 0 || material.length > FILE_BYTES_MAX) {
            throw new IllegalArgumentException("key material must hold 1.." + FILE_BYTES_MAX + " bytes");
        }
        return new TotemKey(material, "bytes");
    }

    byte[] material() {
        return material.clone();
    }

    /** Where the key came from, for the startup log (never the key itself). */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "TotemKey(" + origin + ")";
    }
}
