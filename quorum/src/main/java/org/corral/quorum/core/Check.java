package org.corral.quorum.core;

/** Always-on checks (never Java's {@code assert}): a broken invariant stops the engine loudly. */
public final class Check {
    private Check() {}

    public static void that(boolean condition, String why) {
        if (!condition) {
            throw new IllegalStateException("check failed: " + why);
        }
    }

    public static void argument(boolean condition, String why) {
        if (!condition) {
            throw new IllegalArgumentException(why);
        }
    }
}
