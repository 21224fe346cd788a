package org.corral.fence.agents.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The parsed options of one agent run: explicit values by key, falling back on the spec's defaults.
 * Flags are stored as "1". Immutable.
 */
public final class FenceOptions {
    /** What a disabled (power, shell, login) timeout becomes. */
    public static final Duration DISABLED_TIMEOUT_BOUND = Duration.ofMinutes(2);
    private final AgentSpec spec;
    private final Map<String, String> values;
    private final List<String> warnings;
    private final boolean fromStdin;

    public FenceOptions(AgentSpec spec, Map<String, String> values, List<String> warnings, boolean fromStdin) {
        this.spec = spec;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.warnings = List.copyOf(warnings);
        this.fromStdin = fromStdin;
    }

    public AgentSpec spec() {
        return spec;
    }

    /** Problems met while parsing that did not stop it (unknown stdin keys, bad booleans). */
    public List<String> warnings() {
        return warnings;
    }

    public boolean fromStdin() {
        return fromStdin;
    }

    /** Whether the value was given explicitly (defaults do not count). */
    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    /** The explicit value, else the default, else empty. */
    public Optional<String> get(String key) {
        String value = values.get(key);
        if (value != null) {
            return Optional.of(value);
        }
        return spec.option(key).map(FenceOption::defaultValue);
    }

    public String getOr(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public boolean flag(String key) {
        return "1".equals(values.get(key)) || (!values.containsKey(key) && "1".equals(get(key).orElse(null)));
    }

    /** An integer option; the caller has validated it (see {@link OptionParser#validate}). */
    public int getInt(String key, int fallback) {
        return get(key).map(v -> parseIntOr(v, fallback)).orElse(fallback);
    }

    /**
     * A seconds option, fractions allowed ("0.5"). With --disable-timeout the power, shell and login
     * timeouts become {@link #DISABLED_TIMEOUT_BOUND}: "no timeout" still has a limit here.
     */
    public Duration seconds(String key) {
        if (timeoutsDisabled() && (key.equals(CommonOptions.POWER_TIMEOUT) || key.equals(CommonOptions.SHELL_TIMEOUT)
                || key.equals(CommonOptions.LOGIN_TIMEOUT))) {
            return DISABLED_TIMEOUT_BOUND;
        }
        return get(key).flatMap(FenceOptions::parseSeconds).orElse(Duration.ZERO);
    }

    /** --disable-timeout, defaulting to true under pacemaker-fenced as the reference does. */
    public boolean timeoutsDisabled() {
        Optional<String> explicit = Optional.ofNullable(values.get(CommonOptions.DISABLE_TIMEOUT));
        if (explicit.isPresent()) {
            return explicit.get().equalsIgnoreCase("true");
        }
        return false;
    }

    /** Verbosity: --verbose-level, else the number of -v (stdin verbose=1 gives 1). */
    public int verboseLevel() {
        if (values.containsKey(CommonOptions.VERBOSE_LEVEL)) {
            return Math.max(0, parseIntOr(values.get(CommonOptions.VERBOSE_LEVEL), 0));
        }
        return parseIntOr(values.getOrDefault(CommonOptions.VERBOSE, "0"), 0);
    }

    public String action() {
        return getOr(CommonOptions.ACTION, "reboot").toLowerCase(java.util.Locale.ROOT);
    }

    /** The plug, or the empty string for single-port devices. */
    public String plug() {
        return getOr(CommonOptions.PORT, "");
    }

    /** All explicit values, secrets shown as [set]: safe for logs at any verbosity. */
    public String describe() {
        StringJoiner joiner = new StringJoiner(" ");
        for (Map.Entry<String, String> entry : new TreeMap<>(values).entrySet()) {
            boolean secret = spec.option(entry.getKey()).map(FenceOption::secret).orElse(false);
            joiner.add(entry.getKey() + "=" + (secret ? "[set]" : entry.getValue()));
        }
        return joiner.toString();
    }

    /** A copy with one more explicit value (used to put the password from a script in place). */
    public FenceOptions with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new FenceOptions(spec, copy, warnings, fromStdin);
    }

    static int parseIntOr(String text, int fallback) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static Optional<Duration> parseSeconds(String text) {
        try {
            double seconds = Double.parseDouble(text.trim());
            if (seconds < 0 || Double.isNaN(seconds) || seconds > 86_400) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
