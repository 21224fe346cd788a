package org.corral.quorum.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** C's {@code ctime()} and cman_tool's {@code strftime("%F %H:%M:%S")}, for a given zone. Pure. */
public final class CTime {
    /** "Wed Jun  1 13:15:07 2016": the day is padded to two with a space, as %3d after the month. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final DateTimeFormatter JOINED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US);

    private CTime() {}

    /** ctime() without its trailing newline. */
    public static String ctime(long epochSeconds, ZoneId zone) {
        return CTIME.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }

    /** strftime("%F %H:%M:%S") of localtime(). */
    public static String joined(long epochSeconds, ZoneId zone) {
        return JOINED.format(Instant.ofEpochSecond(epochSeconds).atZone(zone));
    }
}
