package org.corral.fenced.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a fence agent by its {@code agent=} name as RHCS did (execlp: by name on PATH), after first
 * looking in our own agent directories: {@code $CORRAL_ROOT/usr/sbin} and the distribution's sbin
 * ({@code -Dcorral.home}). /usr/sbin and /sbin come last because a daemon's PATH often lacks them.
 * Names with a slash or shell characters are refused: cluster.conf names an agent, not a path.
 */
public final class AgentLocator {
    private static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,128}");
    private final List<Path> directories;

    public AgentLocator(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** The standard search: our directories, then PATH, then /usr/sbin and /sbin. */
    public static AgentLocator standard(String corralRoot, String corralHome, String path) {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        if (corralRoot != null && !corralRoot.isEmpty()) {
            dirs.add(Path.of(corralRoot, "usr", "sbin"));
        }
        if (corralHome != null && !corralHome.isEmpty()) {
            dirs.add(Path.of(corralHome, "sbin"));
        }
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        return new AgentLocator(new ArrayList<>(dirs));
    }

    /** From this process's environment and the corral.home property. */
    public static AgentLocator fromEnvironment() {
        String root = System.getenv("CORRAL_ROOT");
        return standard(root == null || root.isEmpty() ? "/" : root, System.getProperty("corral.home"),
                System.getenv("PATH"));
    }

    public static boolean validName(String agent) {
        return AGENT_NAME.matcher(agent).matches() && !agent.startsWith(".");
    }

    public Optional<Path> find(String agent) {
        if (!validName(agent)) {
            return Optional.empty();
        }
        for (Path dir : directories) {
            Path candidate = dir.resolve(agent);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public List<Path> directories() {
        return directories;
    }
}
