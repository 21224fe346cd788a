package org.corral.totem.base;

/**
 * Always-on checks (TIGER_STYLE): a broken invariant stops the processor with a one-line reason
 * instead of letting it corrupt order or membership. Never Java's {@code assert}, which is off by
 * default.
 */
public final class Check {
    private Check() {}

    /** An internal invariant: failing means a bug in this module. */
    public static void that(boolean condition, String why) {
        if (!condition) {
            throw new IllegalStateException("totem invariant broken: " + why);
        }
    }

    /** A caller's argument: failing means the caller passed something outside the contract. */
    public static void argument(boolean condition, String why) {
        if (!condition) {
            throw new IllegalArgumentException(why);
        }
    }
}
