package org.corral.conf.core;

import java.util.Locale;
import java.util.Optional;

/**
 * How one daemon logs, as cluster.conf(5) of RHCS 3 defines it: {@code <logging>} sets the values for
 * every daemon, {@code <logging_daemon name="fenced">} overrides them for one daemon, and
 * {@code <logging_daemon name="corosync" subsys="TOTEM">} for one corosync subsystem. Paths are as
 * written (RHCS's /var/log/cluster); the caller puts them under CORRAL_ROOT.
 */
public record LoggingSettings(String daemon, boolean toSyslog, boolean toLogfile, String syslogFacility,
                              String syslogPriority, String logfile, String logfilePriority, boolean debug) {

    public static final String LOG_DIRECTORY = "/var/log/cluster";

    /** The settings for {@code daemon} (corosync, fenced, dlm_controld, rgmanager, qdiskd...), and a subsystem. */
    public static LoggingSettings of(ClusterConf conf, String daemon, Optional<String> subsystem) {
        Section global = conf.logging();
        Section own = conf.loggingDaemons().stream()
                .filter(d -> daemon.equals(d.attributes().get("name")))
                .filter(d -> d.get("subsys").isEmpty())
                .findFirst().orElse(Section.absent("logging_daemon", global.location().file()));
        Section subsys = subsystem.flatMap(s -> conf.loggingDaemons().stream()
                .filter(d -> daemon.equals(d.attributes().get("name")))
                .filter(d -> d.get("subsys").map(s::equals).orElse(false)).findFirst())
                .orElse(Section.absent("logging_daemon", global.location().file()));
        return new LoggingSettings(daemon,
                yes(pick(subsys, own, global, "to_syslog", "yes")),
                yes(pick(subsys, own, global, "to_logfile", "yes")),
                pick(subsys, own, global, "syslog_facility", "local4"),
                pick(subsys, own, global, "syslog_priority", "info"),
                pick(subsys, own, global, "logfile", LOG_DIRECTORY + "/" + daemon + ".log"),
                pick(subsys, own, global, "logfile_priority", "info"),
                pick(subsys, own, global, "debug", "off").equals("on"));
    }

    private static String pick(Section subsys, Section own, Section global, String key, String fallback) {
        return subsys.get(key).or(() -> own.get(key)).or(() -> global.get(key)).orElse(fallback);
    }

    private static boolean yes(String value) {
        String word = value.toLowerCase(Locale.ROOT);
        return word.equals("yes") || word.equals("on") || word.equals("1");
    }
}
