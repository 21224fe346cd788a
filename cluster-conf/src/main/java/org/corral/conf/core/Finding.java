package org.corral.conf.core;

/**
 * One thing the validator has to say about a configuration.
 *
 * @param kind     which layer found it and how bad it is
 * @param element  the element it concerns, by name
 * @param message  what is wrong, in RHCS's words where RHCS had words for it
 * @param hint     what to change; empty when the message already says it
 */
public record Finding(Kind kind, Location location, String element, String message, String hint) {

    public enum Kind {
        /** The schema layer (cluster.rng in RHCS): unknown element or attribute, wrong type. */
        SCHEMA_ERROR("Relax-NG validity error"),
        /** A rule cman, fenced or rgmanager enforced at run time, checked here before start. */
        SEMANTIC_ERROR("validity error"),
        /** Legal but probably not what the user meant; does not fail validation. */
        WARNING("validity warning");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Finding {
        if (kind == null || location == null || element == null || message == null) {
            throw new IllegalArgumentException("a finding needs a kind, a location, an element and a message");
        }
        hint = hint == null ? "" : oneLine(hint);
        message = oneLine(message);
    }

    /** Attribute values may hold newlines (as &#10;); a finding must stay on one line. */
    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(Character.isISOControl(c) ? '?' : c);
            }
        }
        return out.toString();
    }

    public boolean isError() {
        return kind != Kind.WARNING;
    }

    /**
     * One line in libxml2's shape, with the column and a fix:
     * {@code file:12:5: element clusternode: validity error : Duplicate nodeid 2 -- fix: give each node its own nodeid}.
     */
    public String format() {
        String line = location + ": element " + element + ": " + kind.label() + " : " + message;
        return hint.isEmpty() ? line : line + " -- fix: " + hint;
    }
}
