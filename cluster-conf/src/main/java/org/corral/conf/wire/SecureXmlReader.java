package org.corral.conf.wire;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.corral.conf.core.Location;

/**
 * Reads a small XML document into an {@link XmlElement} tree, refusing everything cluster.conf never
 * needs and an attacker would use: any DOCTYPE (so no entity definitions, no external entities, no
 * billion laughs), external DTD or schema access, namespaces (so no XInclude), non-UTF-8 input and
 * anything over {@link XmlLimits}. It never opens a file or a socket: the caller hands it bytes.
 *
 * <p>Locations point at the '&lt;' of each start tag, as libxml2 reported them, not at the end of
 * the tag where StAX leaves its cursor.
 */
public final class SecureXmlReader {
    private final XmlLimits limits;
    private final XMLInputFactory factory;

    public SecureXmlReader(XmlLimits limits) {
        this.limits = limits;
        this.factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        // Belt and braces: even if a DTD slipped through, nothing outside may be fetched.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
    }

    public SecureXmlReader() {
        this(XmlLimits.DEFAULT);
    }

    /** Parses the whole document; the root element is returned, whatever its name. */
    public XmlElement read(String fileName, byte[] content) throws XmlSyntaxException {
        Location start = new Location(fileName, 1, 1);
        if (content.length > limits.fileSizeMax()) {
            throw new XmlSyntaxException(Location.nowhere(fileName), "file is " + content.length
                    + " bytes, more than the limit of " + limits.fileSizeMax() + " bytes");
        }
        String text = decode(start, content);
        if (text.isBlank()) {
            throw new XmlSyntaxException(start, "Document is empty");
        }
        LineIndex lines = new LineIndex(text);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(text));
            try {
                return build(fileName, reader, lines);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw translate(fileName, e);
        } catch (RuntimeException e) {
            // The JDK parser throws unchecked exceptions for a few malformed inputs; report, never crash.
            throw new XmlSyntaxException(start, "malformed XML (" + oneLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static String decode(Location start, byte[] content) throws XmlSyntaxException {
        int offset = 0;
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF) {
            offset = 3; // a UTF-8 byte order mark carries no meaning here
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, offset, content.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new XmlSyntaxException(start, "Input is not proper UTF-8 (is this an XML file?)");
        }
    }

    private XmlElement build(String fileName, XMLStreamReader reader, LineIndex lines)
            throws XMLStreamException, XmlSyntaxException {
        Deque<Builder> open = new ArrayDeque<>();
        XmlElement root = null;
        int elements = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE,
                        XMLStreamConstants.ENTITY_DECLARATION, XMLStreamConstants.NOTATION_DECLARATION ->
                    throw new XmlSyntaxException(doctypeLocation(fileName, reader, lines),
                            "DOCTYPE and entity declarations are not allowed in cluster.conf");
                case XMLStreamConstants.START_ELEMENT -> {
                    elements++;
                    if (elements > limits.elementsMax()) {
                        throw new XmlSyntaxException(here(fileName, reader, lines),
                                "more than " + limits.elementsMax() + " elements");
                    }
                    if (open.size() >= limits.depthMax()) {
                        throw new XmlSyntaxException(here(fileName, reader, lines),
                                "elements nested deeper than " + limits.depthMax() + " levels");
                    }
                    open.push(startElement(fileName, reader, lines));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().text.append(reader.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = open.pop().build();
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        open.peek().children.add(done);
                    }
                }
                default -> {
                    // comments, processing instructions, the document end: nothing to keep
                }
            }
        }
        if (root == null) {
            throw new XmlSyntaxException(new Location(fileName, 1, 1), "Document has no root element");
        }
        return root;
    }

    private Builder startElement(String fileName, XMLStreamReader reader, LineIndex lines)
            throws XmlSyntaxException {
        Location location = startTagLocation(fileName, reader, lines);
        String prefix = reader.getPrefix();
        String name = reader.getLocalName();
        if ((prefix != null && !prefix.isEmpty()) || reader.getNamespaceCount() > 0) {
            throw new XmlSyntaxException(location, "element " + qualified(prefix, name)
                    + ": namespaces (and so XInclude) are not used in cluster.conf");
        }
        checkName(location, name);
        if (reader.getAttributeCount() > limits.attributesPerElementMax()) {
            throw new XmlSyntaxException(location, "element " + name + " has more than "
                    + limits.attributesPerElementMax() + " attributes");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String attributePrefix = reader.getAttributePrefix(i);
            String attributeName = reader.getAttributeLocalName(i);
            if (attributePrefix != null && !attributePrefix.isEmpty()) {
                throw new XmlSyntaxException(location, "attribute " + qualified(attributePrefix, attributeName)
                        + " of element " + name + ": namespaces are not used in cluster.conf");
            }
            checkName(location, attributeName);
            String value = reader.getAttributeValue(i);
            if (value.length() > limits.attributeValueLengthMax()) {
                throw new XmlSyntaxException(location, "attribute " + attributeName + " of element " + name
                        + " is longer than " + limits.attributeValueLengthMax() + " characters");
            }
            attributes.put(attributeName, value);
        }
        return new Builder(name, attributes, location);
    }

    private void checkName(Location location, String name) throws XmlSyntaxException {
        if (name.length() > limits.nameLengthMax()) {
            throw new XmlSyntaxException(location, "name longer than " + limits.nameLengthMax() + " characters");
        }
    }

    /** StAX leaves its cursor after the start tag; walk back to the '&lt;' that opened it. */
    private static Location startTagLocation(String fileName, XMLStreamReader reader, LineIndex lines) {
        javax.xml.stream.Location end = reader.getLocation();
        int index = lines.index(end.getLineNumber(), end.getColumnNumber());
        if (index < 0) {
            return new Location(fileName, Math.max(0, end.getLineNumber()), Math.max(0, end.getColumnNumber()));
        }
        int open = lines.text.lastIndexOf('<', Math.min(index, lines.text.length()) - 1);
        if (open < 0) {
            return new Location(fileName, end.getLineNumber(), end.getColumnNumber());
        }
        return lines.location(fileName, open);
    }

    /** The DTD event arrives after the whole DOCTYPE; point at where it began. */
    private static Location doctypeLocation(String fileName, XMLStreamReader reader, LineIndex lines) {
        javax.xml.stream.Location end = reader.getLocation();
        int index = lines.index(end.getLineNumber(), end.getColumnNumber());
        int start = index < 0 ? -1 : lines.text.lastIndexOf("<!DOCTYPE", Math.min(index, lines.text.length()));
        return start < 0 ? here(fileName, reader, lines) : lines.location(fileName, start);
    }

    private static Location here(String fileName, XMLStreamReader reader, LineIndex lines) {
        javax.xml.stream.Location at = reader.getLocation();
        return new Location(fileName, Math.max(0, at.getLineNumber()), Math.max(0, at.getColumnNumber()));
    }

    private static XmlSyntaxException translate(String fileName, XMLStreamException e) {
        javax.xml.stream.Location at = e.getLocation();
        Location location = at == null ? Location.nowhere(fileName)
                : new Location(fileName, Math.max(0, at.getLineNumber()), Math.max(0, at.getColumnNumber()));
        String message = String.valueOf(e.getMessage());
        int marker = message.indexOf("Message: ");
        if (marker >= 0) {
            message = message.substring(marker + "Message: ".length());
        }
        message = oneLine(message);
        if (message.contains("DOCTYPE") || message.contains("ENTITY") || message.contains("referenced, but not declared")) {
            message = "DOCTYPE and entity declarations are not allowed in cluster.conf (" + message + ")";
        }
        return new XmlSyntaxException(location, message);
    }

    private static String oneLine(String message) {
        String flat = message.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String qualified(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + ":" + name;
    }

    private static final class Builder {
        final String name;
        final Map<String, String> attributes;
        final Location location;
        final List<XmlElement> children = new ArrayList<>();
        final StringBuilder text = new StringBuilder();

        Builder(String name, Map<String, String> attributes, Location location) {
            this.name = name;
            this.attributes = attributes;
            this.location = location;
        }

        XmlElement build() {
            return new XmlElement(name, attributes, children, location, text.toString().strip());
        }
    }

    /** Maps between (line, column) and a character index of the decoded text. */
    private static final class LineIndex {
        final String text;
        final int[] lineStarts;

        LineIndex(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        int index(int line, int column) {
            if (line < 1 || line > lineStarts.length || column < 1) {
                return -1;
            }
            return lineStarts[line - 1] + column - 1;
        }

        Location location(String fileName, int index) {
            int low = 0;
            int high = lineStarts.length - 1;
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                if (lineStarts[middle] <= index) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            return new Location(fileName, low + 1, index - lineStarts[low] + 1);
        }
    }
}
