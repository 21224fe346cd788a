package org.corral.tools.log;

import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Run in a child JVM by {@link DaemonLoggingTest}: logs two lines the way a daemon does. */
public final class LogLineDemo {
    public static void main(String[] args) throws Exception {
        DaemonLogging.init(new DaemonLogging.Settings("corosync", "node1", Path.of(args[0]), true, false));
        LoggerFactory.getLogger("TOTEM").info("A processor failed, forming new configuration.");
        LoggerFactory.getLogger("org.corral.cpg.core.Groups").info("downlist received left_list: 0");
        LoggerFactory.getLogger("TOTEM").debug("not at the default level");
    }
}
