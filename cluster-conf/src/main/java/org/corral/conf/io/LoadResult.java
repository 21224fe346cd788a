package org.corral.conf.io;

import java.util.List;
import java.util.Optional;

import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.Defaults;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.Finding;

/**
 * What loading a cluster.conf produced. Either the file could not be read as XML at all
 * ({@link #failure} is set, with one line for the user) or there is a model and the findings of the
 * schema and semantic layers, possibly none.
 */
public record LoadResult(String file, Optional<Failure> failure, Optional<ClusterConf> model, List<Finding> findings) {

    /** Why there is no model. */
    public enum FailureKind {
        /** Missing, unreadable, not a regular file, too big. */
        UNREADABLE,
        /** Not well-formed XML, not UTF-8, DOCTYPE or entities, over a structural limit. */
        MALFORMED
    }

    public record Failure(FailureKind kind, String message) {
    }

    public LoadResult {
        findings = List.copyOf(findings);
        if (failure.isPresent() == model.isPresent()) {
            throw new IllegalArgumentException("a load result has either a failure or a model");
        }
    }

    /** True when the file was read and no schema or semantic error was found (warnings allowed). */
    public boolean valid() {
        return failure.isEmpty() && findings.stream().noneMatch(Finding::isError);
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    /** The effective configuration (every default filled in), if the file was read. */
    public Optional<EffectiveConfig> effective(Optional<String> localNodeName) {
        return model.map(conf -> Defaults.effective(conf, localNodeName));
    }
}
