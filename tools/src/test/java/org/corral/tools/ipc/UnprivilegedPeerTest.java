package org.corral.tools.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.corral.tools.daemon.LocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SO_PEERCRED for real: a client running as nobody (setpriv) may read (cmap list, cfg
 * ring-status, CPG initialize and iteration) and is refused every change with ERR_ACCESS (cmap
 * set, cfg ring-reset, CPG join); the users and groups of cluster.conf's {@code <uidgid>} may change
 * (a group by name from the prefix's etc/group, as primary or supplementary group of the client;
 * a user by number). Needs root and setpriv; skipped otherwise.
 */
class UnprivilegedPeerTest {
    private static final List<String> REFUSED = List.of("cmap.list=1", "cmap.set=11", "cfg.ring-status=1",
            "cfg.ring-reset=11", "cpg.initialize=1", "cpg.join=11", "cpg.iterate=1");
    private static final List<String> ALLOWED = List.of("cmap.list=1", "cmap.set=1", "cfg.ring-status=1",
            "cfg.ring-reset=1", "cpg.initialize=1", "cpg.join=1", "cpg.iterate=1");

    @TempDir
    Path dir;

    @Test
    void nobodyReadsButChangesNothingWhileUidgidUsersAndGroupsMay() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and /usr/bin/setpriv");
        // What nobody may run: a world-readable copy of the classes and jars the probe needs.
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            boolean wanted = entry.contains("tools") || entry.contains("/cpg") || entry.contains("/totem");
            if (!wanted || !Files.exists(source)) {
                continue;
            }
            Path target = lib.resolve(classpath.size() + "-" + source.getFileName());
            copy(source, target);
            classpath.add(target.toString());
        }
        Files.createDirectories(dir.resolve("cluster"));
        try (LocalCluster cluster = new LocalCluster(dir.resolve("cluster"), 1)) {
            Path conf = cluster.root(1).resolve("etc/cluster/cluster.conf");
            Files.writeString(conf, Files.readString(conf).replace("</clusternodes>\n",
                    "</clusternodes>\n  <uidgid gid=\"corraladm\"/>\n  <uidgid uid=\"4242\"/>\n"));
            Files.writeString(cluster.root(1).resolve("etc/group"), "corraladm:x:4321:\n");
            cluster.startAll();
            cluster.awaitRing(1, 1);
            openToAll(dir);
            String socket = cluster.socket(1).toString();
            assertEquals(REFUSED, probe(classpath, socket, "--reuid=65534", "--regid=65534", "--clear-groups"));
            assertEquals(ALLOWED, probe(classpath, socket, "--reuid=65534", "--regid=65534", "--groups=4321"));
            assertEquals(ALLOWED, probe(classpath, socket, "--reuid=65534", "--regid=4321", "--clear-groups"));
            assertEquals(ALLOWED, probe(classpath, socket, "--reuid=4242", "--regid=4242", "--clear-groups"));
        }
    }

    @Test
    void anUnknownUidgidNameRefusesTheStartInOneLine() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 1)) {
            Path conf = cluster.root(1).resolve("etc/cluster/cluster.conf");
            Files.writeString(conf, Files.readString(conf).replace("</clusternodes>\n",
                    "</clusternodes>\n  <uidgid gid=\"no-such-group-x\"/>\n"));
            cluster.start(1);
            assertTrue(cluster.daemon(1).waitFor(LocalCluster.WAIT_MS, TimeUnit.MILLISECONDS), "corrald still runs");
            assertEquals(1, cluster.daemon(1).exitValue());
            String out = Files.readString(dir.resolve("node1.out"), StandardCharsets.UTF_8);
            assertEquals("corrald: uidgid: unknown group 'no-such-group-x' (not in " + cluster.root(1).resolve("etc/group")
                    + " nor /etc/group)\n", out);
        }
    }

    /** PeerProbeMain's lines, run under setpriv with {@code credentials}. */
    private static List<String> probe(List<String> classpath, String socket, String... credentials) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv"));
        command.addAll(List.of(credentials));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:off", "-cp", String.join(File.pathSeparator, classpath),
                PeerProbeMain.class.getName(), socket));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!probe.waitFor(LocalCluster.WAIT_MS, TimeUnit.MILLISECONDS)) {
            probe.destroyForcibly();
            throw new AssertionError("the probe did not finish within " + LocalCluster.WAIT_MS + " ms");
        }
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, probe.exitValue(), String.join(" ", credentials) + ": " + out);
        return out.lines().toList();
    }

    private static void copy(Path source, Path target) throws Exception {
        if (Files.isDirectory(source)) {
            try (var walk = Files.walk(source)) {
                for (Path path : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(path, to);
                    }
                }
            }
        } else {
            Files.copy(source, target);
        }
    }

    /** The temp tree is private (rwx------): let nobody traverse and read it. */
    private static void openToAll(Path top) throws Exception {
        try (var walk = Files.walk(top)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(path)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else if (Files.isRegularFile(path)) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        Path parent = top.getParent();
        while (parent != null && parent.startsWith(System.getProperty("java.io.tmpdir"))
                && !parent.equals(Path.of(System.getProperty("java.io.tmpdir")))) {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            parent = parent.getParent();
        }
    }
}
