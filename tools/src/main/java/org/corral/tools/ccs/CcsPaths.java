package org.corral.tools.ccs;

import java.nio.file.Path;
import java.util.Map;

import org.corral.tools.CommandMain;

/** Paths under the CORRAL_ROOT prefix (DESIGN.md §2): the environment wins, then the launcher's property. */
final class CcsPaths {
    /** The RHCS release these tools imitate, printed by -V. */
    static final String RHCS_VERSION = "3.0.12";

    private CcsPaths() {
    }

    static Path root(Map<String, String> env) {
        return CommandMain.root(env);
    }

    /** $CORRAL_ROOT/etc/cluster/cluster.conf, the file every tool reads by default. */
    static Path defaultConfig(Map<String, String> env) {
        return root(env).resolve("etc/cluster/cluster.conf");
    }
}
