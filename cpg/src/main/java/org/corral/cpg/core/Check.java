package org.corral.cpg.core;

/**
 * Always-on checks (never Java's {@code assert}, which is off in production). A failed check is a
 * bug in this module, not bad input: bad input is answered with an error code or dropped and counted.
 */
public final class Check {
    private Check() {}

    public static void that(boolean condition, String why) {
        if (!condition) {
            throw new IllegalStateException("cpg invariant violated: " + why);
        }
    }

    public static void argument(boolean condition, String why) {
        if (!condition) {
            throw new IllegalArgumentException(why);
        }
    }
}
