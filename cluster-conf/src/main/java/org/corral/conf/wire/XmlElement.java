package org.corral.conf.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.Location;

/**
 * One element of a parsed XML document: its name, its attributes in document order, its child
 * elements in document order and where its start tag begins. The tree is immutable once built.
 * Attribute order matters: the flattened key/value view lists attributes the way corosync-objctl
 * did, which is document order.
 *
 * @param text the element's own character content with surrounding white space removed; cluster.conf
 *             carries none, so anything here is reported by the schema check
 */
public record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children,
                         Location location, String text) {

    public XmlElement {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an element needs a name");
        }
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        text = text == null ? "" : text;
    }

    public Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    /** The first child with this name, if any. */
    public Optional<XmlElement> child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** Every child with this name, in document order. */
    public List<XmlElement> children(String childName) {
        List<XmlElement> found = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                found.add(child);
            }
        }
        return found;
    }

    /** A copy with extra attributes appended after the existing ones (existing values win). */
    public XmlElement withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(attributes);
        defaults.forEach(merged::putIfAbsent);
        return new XmlElement(name, merged, children, location, text);
    }

    public XmlElement withChildren(List<XmlElement> newChildren) {
        return new XmlElement(name, attributes, newChildren, location, text);
    }
}
