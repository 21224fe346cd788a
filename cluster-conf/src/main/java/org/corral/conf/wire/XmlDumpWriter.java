package org.corral.conf.wire;

import java.util.Map;

/**
 * Writes a tree the way ccs_config_dump printed the configuration: an XML declaration, one element
 * per line indented with tabs, attributes in order, empty elements closed with "/>".
 */
public final class XmlDumpWriter {
    private XmlDumpWriter() {
    }

    public static String write(XmlElement root) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n");
        element(out, root, 0);
        return out.toString();
    }

    private static void element(StringBuilder out, XmlElement element, int depth) {
        out.append("\t".repeat(depth)).append('<').append(element.name());
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            out.append(' ').append(attribute.getKey()).append("=\"");
            escape(out, attribute.getValue());
            out.append('"');
        }
        if (element.children().isEmpty()) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        for (XmlElement child : element.children()) {
            element(out, child, depth + 1);
        }
        out.append("\t".repeat(depth)).append("</").append(element.name()).append(">\n");
    }

    private static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
    }
}
