package org.corral.tools.fence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A distribution for process tests: the packaged one (target/corral) is built after the tests, so
 * this lays out etc/init.d/cman, share/corral/two-node-lab and one sbin launcher per line of
 * commands.list that runs this build's classes with {@code -Dcorral.home} set as corral-java does.
 */
public final class TestDistribution {
    private TestDistribution() {}

    public static Path layOut(Path dist) throws IOException {
        Files.createDirectories(dist.resolve("sbin"));
        Files.createDirectories(dist.resolve("etc/init.d"));
        Files.createDirectories(dist.resolve("share/corral"));
        Path source = Path.of("src/main/dist");
        copyExecutable(source.resolve("etc/init.d/cman"), dist.resolve("etc/init.d/cman"));
        copyExecutable(source.resolve("share/corral/two-node-lab"), dist.resolve("share/corral/two-node-lab"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        for (String line : Files.readAllLines(source.resolve("commands.list"), StandardCharsets.UTF_8)) {
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("#") || f.length < 2) {
                continue;
            }
            String jit = f.length > 2 ? "-Xmx128m" : "-XX:TieredStopAtLevel=1";
            Path launcher = dist.resolve("sbin").resolve(f[0]);
            Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC " + jit
                    + " -Xshare:auto $CORRAL_JAVA_OPTS -Dcorral.home='" + dist + "' -Dcorral.root=\"${CORRAL_ROOT:-/}\" -cp '"
                    + classpath + "' " + f[1] + " \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dist;
    }

    private static void copyExecutable(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
