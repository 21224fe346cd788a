package org.corral.conf.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One element's attributes as the user wrote them (document order), with typed readers. Values the
 * schema check rejected read as absent, so later layers never see a half-parsed number.
 */
public record Section(String name, Map<String, String> attributes, Location location) {

    public Section {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A section for an element the file does not have: no attributes, no location. */
    public static Section absent(String name, String file) {
        return new Section(name, Map.of(), Location.nowhere(file));
    }

    public boolean present() {
        return location.line() > 0;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    public OptionalLong number(String key) {
        String value = attributes.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public long number(String key, long fallback) {
        return number(key).orElse(fallback);
    }

    /** "1", "yes", "on" and "true" are true; anything else, or absence, is the fallback's opposite only if set. */
    public boolean flag(String key, boolean fallback) {
        String value = attributes.get(key);
        if (value == null) {
            return fallback;
        }
        String word = value.trim().toLowerCase(java.util.Locale.ROOT);
        return word.equals("1") || word.equals("yes") || word.equals("on") || word.equals("true");
    }
}
