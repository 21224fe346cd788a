package org.corral.conf.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.corral.conf.core.AgentCatalog;
import org.corral.conf.core.AgentMetadata;
import org.corral.conf.core.Finding;
import org.corral.conf.core.Location;
import org.corral.conf.wire.AgentMetadataReader;
import org.corral.conf.wire.XmlSyntaxException;

/**
 * Where agent metadata comes from: the copies built into this library, then every
 * {@code *.metadata.xml} in the distribution's share/cluster (system property {@code corral.home},
 * set by the launchers) and in any extra directory the caller names. A later file replaces an
 * earlier agent of the same name, so share/cluster can update or add agents without code.
 */
public final class AgentCatalogs {
    public static final String METADATA_SUFFIX = ".metadata.xml";
    public static final int METADATA_FILE_SIZE_MAX = 1 << 20;
    private static final String BUILT_IN = "/org/corral/conf/agents/";

    private AgentCatalogs() {
    }

    /** A catalog and the problems met while building it (unreadable metadata files are skipped). */
    public record Loaded(AgentCatalog catalog, List<Finding> problems) {
        public Loaded {
            problems = List.copyOf(problems);
        }
    }

    /** Built-in agents plus share/cluster of the distribution when running from one. */
    public static Loaded standard() {
        List<Path> directories = new ArrayList<>();
        Optional.ofNullable(System.getProperty("corral.home"))
                .map(home -> Path.of(home, "share", "cluster"))
                .filter(Files::isDirectory)
                .ifPresent(directories::add);
        return load(directories);
    }

    public static Loaded load(List<Path> directories) {
        List<AgentMetadata> agents = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        AgentMetadataReader reader = new AgentMetadataReader();
        for (String file : builtInFiles()) {
            try (InputStream in = AgentCatalogs.class.getResourceAsStream(BUILT_IN + file)) {
                if (in == null) {
                    throw new IllegalStateException("built-in agent metadata " + file + " is missing from the jar");
                }
                agents.add(reader.read(file, in.readAllBytes()));
            } catch (IOException | XmlSyntaxException e) {
                throw new IllegalStateException("built-in agent metadata " + file + " is unreadable: " + e.getMessage(), e);
            }
        }
        for (Path directory : directories) {
            for (Path file : metadataFiles(directory, problems)) {
                readInto(reader, file, agents, problems);
            }
        }
        return new Loaded(new AgentCatalog(agents), problems);
    }

    private static List<String> builtInFiles() {
        try (InputStream in = AgentCatalogs.class.getResourceAsStream(BUILT_IN + "INDEX")) {
            if (in == null) {
                throw new IllegalStateException("the built-in agent metadata index is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in agent metadata index", e);
        }
    }

    private static List<Path> metadataFiles(Path directory, List<Finding> problems) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + METADATA_SUFFIX)) {
            for (Path entry : entries) {
                if (files.size() >= AgentCatalog.AGENTS_MAX) {
                    break;
                }
                files.add(entry);
            }
        } catch (IOException e) {
            problems.add(problem(directory.toString(), "cannot list agent metadata: " + e.getMessage()));
        }
        files.sort(null);
        return files;
    }

    private static void readInto(AgentMetadataReader reader, Path file, List<AgentMetadata> agents,
                                 List<Finding> problems) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > METADATA_FILE_SIZE_MAX) {
                problems.add(problem(file.toString(), "skipped: not a regular file of at most "
                        + METADATA_FILE_SIZE_MAX + " bytes"));
                return;
            }
            agents.add(reader.read(file.toString(), Files.readAllBytes(file)));
        } catch (IOException e) {
            problems.add(problem(file.toString(), "skipped: " + e.getMessage()));
        } catch (XmlSyntaxException e) {
            problems.add(new Finding(Finding.Kind.WARNING, e.location(), "resource-agent",
                    "agent metadata skipped: " + e.getMessage(), "fix or remove the file"));
        }
    }

    private static Finding problem(String file, String message) {
        return new Finding(Finding.Kind.WARNING, Location.nowhere(file), "resource-agent", message, "");
    }
}
