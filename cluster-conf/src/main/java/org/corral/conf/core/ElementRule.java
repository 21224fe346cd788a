package org.corral.conf.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one fixed element of cluster.conf may carry: its attributes (with types, required flags and
 * documented defaults) and which child elements it may contain.
 *
 * @param singletonChildren children that may appear at most once
 * @param open              where attributes beyond the fixed ones come from (agent metadata)
 */
public record ElementRule(String name, Map<String, AttributeRule> attributes, List<String> children,
                          List<String> singletonChildren, Openness open) {

    /** How an element takes agent-defined attributes. */
    public enum Openness {
        /** Only the listed attributes. */
        CLOSED,
        /** {@code <fencedevice agent=...>}: the parameters of its own agent. */
        FENCE_AGENT,
        /** {@code <device name=...>}: the parameters of the agent of the fencedevice it names. */
        FENCE_DEVICE_REFERENCE,
        /** Children are resource agent elements ({@code <ip>}, {@code <fs>}...). */
        RESOURCE_CONTAINER
    }

    /**
     * @param defaultValue the value used when the attribute is absent, as the docs print it; null when
     *                     there is none or when it is derived (then {@code derivedNote} says how)
     */
    public record AttributeRule(String name, ValueType type, boolean required, String defaultValue,
                                String derivedNote) {
    }

    public ElementRule {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        singletonChildren = List.copyOf(singletonChildren);
    }

    public Optional<AttributeRule> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }
}
