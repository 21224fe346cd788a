package org.corral.conf.core;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The type of an attribute value, as the schema checks it. Each says in words what it accepts. */
public sealed interface ValueType {

    boolean accepts(String value);

    /** "an integer from 1 to 4096", "one of udp, udpb, udpu, rdma": used in error hints and docs. */
    String describe();

    record Text() implements ValueType {
        public boolean accepts(String value) {
            return true;
        }

        public String describe() {
            return "text";
        }
    }

    record NonEmpty() implements ValueType {
        public boolean accepts(String value) {
            return !value.isBlank();
        }

        public String describe() {
            return "a non-empty name";
        }
    }

    record Int(long min, long max) implements ValueType {
        private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");

        public boolean accepts(String value) {
            String trimmed = value.trim();
            if (!INTEGER.matcher(trimmed).matches()) {
                return false;
            }
            long parsed = Long.parseLong(trimmed);
            return parsed >= min && parsed <= max;
        }

        public String describe() {
            if (max == Long.MAX_VALUE) {
                return "an integer of at least " + min;
            }
            return "an integer from " + min + " to " + max;
        }
    }

    /** One of a fixed set of words (compared exactly, as libxml2's Relax-NG value did). */
    record Choice(List<String> values) implements ValueType {
        public Choice {
            values = List.copyOf(values);
        }

        public boolean accepts(String value) {
            return values.contains(value);
        }

        public String describe() {
            return "one of " + String.join(", ", values);
        }
    }

    /** The fence agents' boolean: 0/1, on/off, yes/no, true/false, or empty (meaning on). */
    record Flag() implements ValueType {
        private static final List<String> WORDS = List.of("", "0", "1", "on", "off", "yes", "no", "true", "false");

        public boolean accepts(String value) {
            return WORDS.contains(value.trim().toLowerCase(Locale.ROOT));
        }

        public String describe() {
            return "a boolean (0, 1, on, off, yes, no, true, false)";
        }
    }

    /** A duration in seconds, possibly fractional (the fence agents' "second" type). */
    record Seconds() implements ValueType {
        private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,6})?");

        public boolean accepts(String value) {
            return SECONDS.matcher(value.trim()).matches();
        }

        public String describe() {
            return "a number of seconds";
        }
    }

    /** rgmanager's time: a number with an optional s, m, h, d, w or y suffix. */
    record Time() implements ValueType {
        private static final Pattern TIME = Pattern.compile("[0-9]{1,9}[smhdwy]?");

        public boolean accepts(String value) {
            return TIME.matcher(value.trim()).matches();
        }

        public String describe() {
            return "a time (a number with an optional s, m, h, d, w or y suffix)";
        }
    }

    /** A user or group: a decimal id or a POSIX account name (useradd's portable character set). */
    record PosixId() implements ValueType {
        private static final Pattern ID = Pattern.compile("[0-9]{1,10}|[A-Za-z_][A-Za-z0-9._-]{0,31}\\$?");

        public boolean accepts(String value) {
            return ID.matcher(value.trim()).matches() && (!Character.isDigit(value.trim().charAt(0))
                    || Long.parseLong(value.trim()) <= 4_294_967_294L);
        }

        public String describe() {
            return "a user or group name, or a numeric id";
        }
    }

    /** votequorum's auto_tie_breaker_node: {@code lowest}, {@code highest}, or node ids separated by spaces. */
    record TieBreakerNodes() implements ValueType {
        /** Node ids are 1..4096 (at most 4 digits); the list is bounded by the attribute length limit. */
        private static final Pattern IDS = Pattern.compile("[0-9]{1,4}( +[0-9]{1,4})*");

        public boolean accepts(String value) {
            String trimmed = value.trim();
            if (trimmed.equals("lowest") || trimmed.equals("highest")) {
                return true;
            }
            if (!IDS.matcher(trimmed).matches()) {
                return false;
            }
            for (String id : trimmed.split(" +")) {
                int parsed = Integer.parseInt(id);
                if (parsed < 1 || parsed > 4096) {
                    return false;
                }
            }
            return true;
        }

        public String describe() {
            return "lowest, highest, or node ids (1 to 4096) separated by spaces";
        }
    }
}
