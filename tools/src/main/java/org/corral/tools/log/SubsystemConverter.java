package org.corral.tools.log;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %subsys}: the corosync subsystem tag of a log line, padded to six characters as corosync
 * prints it ({@code [TOTEM ]}, {@code [CPG   ]}, {@code [QUORUM]}).
 *
 * <p>Engines name their loggers after the subsystem ({@code LoggerFactory.getLogger("TOTEM")}); a
 * logger named after a class takes the module's tag from its package ({@code org.corral.cpg...}
 * gives {@code CPG}).
 */
@Plugin(name = "SubsystemConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"subsys"})
public final class SubsystemConverter extends LogEventPatternConverter {
    private static final int TAG_WIDTH = 6;

    private SubsystemConverter() {
        super("Subsystem", "subsys");
    }

    public static SubsystemConverter newInstance(String[] options) {
        return new SubsystemConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder target) {
        target.append(tagOf(event.getLoggerName()));
    }

    /** The six-character tag for a logger name. */
    static String tagOf(String loggerName) {
        String tag = loggerName == null || loggerName.isEmpty() ? "MAIN" : subsystemOf(loggerName);
        if (tag.length() > TAG_WIDTH) {
            tag = tag.substring(0, TAG_WIDTH);
        }
        return tag + " ".repeat(TAG_WIDTH - tag.length());
    }

    private static String subsystemOf(String loggerName) {
        if (!loggerName.contains(".")) {
            return loggerName.toUpperCase(java.util.Locale.ROOT);
        }
        String[] parts = loggerName.split("\\.");
        if (parts.length >= 3 && parts[0].equals("org") && parts[1].equals("corral")) {
            return parts[2].equals("tools") ? "MAIN" : parts[2].toUpperCase(java.util.Locale.ROOT);
        }
        return "MAIN";
    }
}
