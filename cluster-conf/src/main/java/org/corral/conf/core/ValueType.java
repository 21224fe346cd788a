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
}
