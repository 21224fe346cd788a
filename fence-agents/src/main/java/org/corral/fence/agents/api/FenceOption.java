package org.corral.fence.agents.api;

import java.util.List;
import java.util.Objects;

/**
 * One option of a fence agent, as the FenceAgentAPI knows it.
 *
 * <p>{@code key} is the internal name (the stdin name of old cman configurations, e.g. {@code ipaddr}),
 * {@code longName} the command-line name ({@code ip}); stdin accepts both, the second with '-' written
 * as '_'. Values are stored under {@code key}. When the two differ the metadata lists the option twice
 * (old key deprecated, new name obsoleting it), as the reference agents do.
 *
 * @param key          internal key, also the stdin name
 * @param longName     long option without the leading "--"
 * @param shortName    one-letter option, or 0 when there is none
 * @param type         content type in the metadata; {@link Type#BOOLEAN} options take no value
 * @param valueName    placeholder shown in help and metadata ("--ip=[ip]"); null when none is shown
 * @param defaultValue default, or null
 * @param choices      allowed values for {@link Type#SELECT}, else empty
 * @param description  one-line description (help and metadata shortdesc)
 * @param required     whether the metadata marks it required
 * @param order        metadata sort key (parameters are sorted by order, then name)
 * @param secret       value is never printed (passwords)
 */
public record FenceOption(String key, String longName, char shortName, Type type, String valueName,
                          String defaultValue, List<String> choices, String description, boolean required,
                          int order, boolean secret) {

    /** Metadata content types of the FenceAgentAPI schema. */
    public enum Type {
        STRING("string"), INTEGER("integer"), SECOND("second"), BOOLEAN("boolean"), SELECT("select");

        private final String xmlName;

        Type(String xmlName) {
            this.xmlName = xmlName;
        }

        public String xmlName() {
            return xmlName;
        }
    }

    public FenceOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(longName, "longName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (key.isEmpty() || longName.isEmpty()) {
            throw new IllegalArgumentException("option names must not be empty");
        }
        if ((type == Type.SELECT) == choices.isEmpty()) {
            throw new IllegalArgumentException("option " + key + ": choices are for select options only");
        }
    }

    /** Whether the option consumes a value (everything but flags). */
    public boolean takesValue() {
        return type != Type.BOOLEAN;
    }

    /** The stdin spelling of the long name. */
    public String stdinLongName() {
        return longName.replace('-', '_');
    }

    /** The getopt text of help and metadata, e.g. {@code -a, --ip=[ip]}. */
    public String getopt() {
        StringBuilder text = new StringBuilder();
        if (shortName != 0) {
            text.append('-').append(shortName).append(", ");
        }
        text.append("--").append(longName);
        if (valueName != null) {
            text.append("=[").append(valueName).append(']');
        }
        return text.toString();
    }

    public FenceOption withDefault(String value) {
        return new FenceOption(key, longName, shortName, type, valueName, value, choices, description, required,
                order, secret);
    }

    public FenceOption withRequired(boolean value) {
        return new FenceOption(key, longName, shortName, type, valueName, defaultValue, choices, description, value,
                order, secret);
    }

    public FenceOption withDescription(String value) {
        return new FenceOption(key, longName, shortName, type, valueName, defaultValue, choices, value, required,
                order, secret);
    }

    /** Starts a builder; the defaults are: no short name, string type, not required, order 1. */
    public static Builder of(String key, String longName) {
        return new Builder(key, longName);
    }

    /** Fluent construction of an option. */
    public static final class Builder {
        private final String key;
        private final String longName;
        private char shortName;
        private Type type = Type.STRING;
        private String valueName;
        private String defaultValue;
        private List<String> choices = List.of();
        private String description = "";
        private boolean required;
        private int order = 1;
        private boolean secret;

        private Builder(String key, String longName) {
            this.key = key;
            this.longName = longName;
        }

        public Builder shortName(char value) {
            shortName = value;
            return this;
        }

        /** A value-taking option of the given type with the placeholder shown as {@code =[valueName]}. */
        public Builder value(Type valueType, String placeholder) {
            type = valueType;
            valueName = placeholder;
            return this;
        }

        public Builder flag() {
            type = Type.BOOLEAN;
            valueName = null;
            return this;
        }

        public Builder select(String placeholder, String... values) {
            type = Type.SELECT;
            valueName = placeholder;
            choices = List.of(values);
            return this;
        }

        public Builder defaultValue(String value) {
            defaultValue = value;
            return this;
        }

        public Builder description(String value) {
            description = value;
            return this;
        }

        public Builder required() {
            required = true;
            return this;
        }

        public Builder order(int value) {
            order = value;
            return this;
        }

        public Builder secret() {
            secret = true;
            return this;
        }

        public FenceOption build() {
            return new FenceOption(key, longName, shortName, type, valueName, defaultValue, choices, description,
                    required, order, secret);
        }
    }
}
