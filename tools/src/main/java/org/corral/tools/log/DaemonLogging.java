package org.corral.tools.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sets up log4j2 for a daemon before its first logger exists: lines shaped like corosync's
 * ({@code Nov 22 00:30:09 node1 corosync[4242]:   [TOTEM ] A processor failed, ...}) go to
 * {@code $CORRAL_ROOT/var/log/cluster/<daemon>.log}, to stdout when the daemon runs in the
 * foreground, and to the local syslog (UDP 514) when asked.
 */
public final class DaemonLogging {
    private DaemonLogging() {}

    public record Settings(String daemonName, String nodeName, Path root, boolean foreground, boolean syslog) {}

    /** Must run before any {@code LoggerFactory.getLogger} call of the process. */
    public static void init(Settings settings) throws IOException {
        Path logDirectory = settings.root().resolve("var/log/cluster");
        Files.createDirectories(logDirectory);
        System.setProperty("corral.daemon", settings.daemonName());
        System.setProperty("corral.node", settings.nodeName());
        System.setProperty("corral.log.dir", logDirectory.toString());
        StringBuilder files = new StringBuilder("classpath:log4j2-daemon.xml");
        if (settings.foreground()) {
            files.append(",classpath:log4j2-foreground.xml");
        }
        if (settings.syslog()) {
            files.append(",classpath:log4j2-syslog.xml");
        }
        System.setProperty("log4j2.configurationFile", files.toString());
    }
}
