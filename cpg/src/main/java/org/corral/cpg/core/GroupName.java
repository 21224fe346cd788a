package org.corral.cpg.core;

import java.nio.charset.StandardCharsets;

/**
 * A CPG group's name: 1..{@link #BYTES_MAX} bytes of UTF-8 without NUL (corosync's
 * {@code struct cpg_name} holds up to CPG_MAX_NAME_LENGTH = 128 bytes). Ordered by its string.
 */
public record GroupName(String value) implements Comparable<GroupName> {
    public static final int BYTES_MAX = 128;

    public GroupName {
        Check.argument(value != null && !value.isEmpty(), "group name is empty");
        Check.argument(value.indexOf('\0') < 0, "group name contains NUL");
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (!(bytes <= BYTES_MAX)) {
            Check.argument(false, "group name is " + bytes + " bytes, more than " + BYTES_MAX);
        }
    }

    public static GroupName of(String value) {
        return new GroupName(value);
    }

    /** True when {@code value} would make a valid name; lets callers answer with an error code. */
    public static boolean isValid(String value) {
        return value != null && !value.isEmpty() && value.indexOf('\0') < 0
                && value.getBytes(StandardCharsets.UTF_8).length <= BYTES_MAX;
    }

    @Override
    public int compareTo(GroupName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
