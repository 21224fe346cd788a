package org.corral.conf.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.corral.conf.core.AgentCatalog;
import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.Finding;
import org.corral.conf.core.ModelBinder;
import org.corral.conf.core.SchemaChecker;
import org.corral.conf.core.SemanticValidator;
import org.corral.conf.io.LoadResult.Failure;
import org.corral.conf.io.LoadResult.FailureKind;
import org.corral.conf.wire.SecureXmlReader;
import org.corral.conf.wire.XmlElement;
import org.corral.conf.wire.XmlLimits;
import org.corral.conf.wire.XmlSyntaxException;

/**
 * The entry point of this module: reads a cluster.conf safely, binds the typed model and runs both
 * validation layers. A loader is meant for one thread at a time (it reuses one StAX factory).
 *
 * <pre>{@code
 * LoadResult result = ClusterConfLoader.load(Path.of("/etc/cluster/cluster.conf"));
 * if (result.valid()) {
 *     EffectiveConfig config = result.effective(Optional.of("node1")).orElseThrow();
 *     List<Map.Entry<String, String>> keys = Flattener.flatten(result.model().orElseThrow(), config, Map.of());
 * }
 * }</pre>
 */
public final class ClusterConfLoader {
    private final AgentCatalog agents;
    private final List<Finding> catalogProblems;
    private final XmlLimits limits;
    private final SecureXmlReader reader;

    public ClusterConfLoader(AgentCatalogs.Loaded agents, XmlLimits limits) {
        this.agents = agents.catalog();
        this.catalogProblems = agents.problems();
        this.limits = limits;
        // Building the StAX factory is the costliest step of a small parse; do it once per loader.
        this.reader = new SecureXmlReader(limits);
    }

    /** Built-in agents, the distribution's share/cluster, default limits. */
    public static ClusterConfLoader standard() {
        return new ClusterConfLoader(AgentCatalogs.standard(), XmlLimits.DEFAULT);
    }

    public static LoadResult load(Path file) {
        return standard().loadFile(file);
    }

    public AgentCatalog agents() {
        return agents;
    }

    public LoadResult loadFile(Path file) {
        String name = file.toString();
        try {
            if (!Files.exists(file)) {
                return failed(name, FailureKind.UNREADABLE, "Unable to open " + name + ": No such file or directory");
            }
            if (!Files.isRegularFile(file)) {
                return failed(name, FailureKind.UNREADABLE, name + " is not a regular file");
            }
            if (!Files.isReadable(file)) {
                return failed(name, FailureKind.UNREADABLE, "Unable to open " + name + ": Permission denied");
            }
            return parse(name, readBounded(file));
        } catch (NoSuchFileException e) {
            return failed(name, FailureKind.UNREADABLE, "Unable to open " + name + ": No such file or directory");
        } catch (FileTooBig e) {
            return failed(name, FailureKind.MALFORMED, name + ": parser error : file is larger than the limit of "
                    + limits.fileSizeMax() + " bytes");
        } catch (IOException e) {
            return failed(name, FailureKind.UNREADABLE, "Unable to read " + name + ": " + e.getMessage());
        }
    }

    /** Parses and validates content already in memory; {@code name} is what messages call the file. */
    public LoadResult parse(String name, byte[] content) {
        XmlElement root;
        try {
            root = reader.read(name, content);
        } catch (XmlSyntaxException e) {
            return failed(name, FailureKind.MALFORMED, e.oneLine());
        }
        List<Finding> findings = new ArrayList<>(catalogProblems);
        findings.addAll(new SchemaChecker(agents).check(root));
        if (!root.name().equals("cluster")) {
            return new LoadResult(name, Optional.of(new Failure(FailureKind.MALFORMED,
                    findings.get(findings.size() - 1).format())), Optional.empty(), findings);
        }
        ClusterConf conf = ModelBinder.bind(root);
        findings.addAll(SemanticValidator.validate(conf, agents));
        return new LoadResult(name, Optional.empty(), Optional.of(conf), findings);
    }

    private byte[] readBounded(Path file) throws IOException {
        // Read at most one byte past the limit, so /dev/zero-like files cannot exhaust memory.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(limits.fileSizeMax() + 1);
            if (content.length > limits.fileSizeMax()) {
                throw new FileTooBig();
            }
            return content;
        }
    }

    private static LoadResult failed(String name, FailureKind kind, String message) {
        return new LoadResult(name, Optional.of(new Failure(kind, message)), Optional.empty(), List.of());
    }

    private static final class FileTooBig extends IOException {
        private static final long serialVersionUID = 1L;

        FileTooBig() {
            super("file too big", null);
        }
    }
}
