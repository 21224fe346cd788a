package org.corral.tools.daemon.quorum;

import java.util.ArrayList;
import java.util.List;

import org.corral.tools.daemon.DaemonConfig;
import org.corral.tools.daemon.DaemonEngine;

/**
 * The engines cman brought into corosync, built for corrald's main: quorum (tag 2) and the fence
 * domain (tag 3), wired so fenced hears quorum. One call, so the main needs one line.
 */
public final class CmanEngines {
    private CmanEngines() {}

    /** Throws IllegalArgumentException with cman's one-line message when the config is refused. */
    public static List<DaemonEngine> create(DaemonConfig config) {
        QuorumPlugin quorum = new QuorumPlugin(config, System.getenv(), CmanEngines::exitLater);
        List<DaemonEngine> engines = new ArrayList<>();
        engines.add(quorum);
        engines.add(new org.corral.tools.daemon.fence.FencePlugin(config, quorum));
        return engines;
    }

    /** Exits from a thread of its own: the shutdown hook then leaves the ring from the loop. */
    static void exitLater(int code) {
        Thread thread = new Thread(() -> System.exit(code), "cman-exit");
        thread.setDaemon(false);
        thread.start();
    }
}
