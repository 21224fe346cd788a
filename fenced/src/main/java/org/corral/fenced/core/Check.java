package org.corral.fenced.core;

/**
 * Always-on checks: a broken invariant stops the fence domain with a one-line reason rather than
 * letting it report a node fenced that was not. Never Java's {@code assert}, which is off by default.
 */
public final class Check {
    private Check() {}

    /** An internal invariant: failing means a bug in this module. */
    public static void that(boolean condition, String why) {
        if (!condition) {
            throw new IllegalStateException("fenced invariant broken: " + why);
        }
    }

    /** A caller's argument: failing means the caller passed something outside the contract. */
    public static void argument(boolean condition, String why) {
        if (!condition) {
            throw new IllegalArgumentException(why);
        }
    }
}
