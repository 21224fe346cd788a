package org.corral.fence.agents.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code -o metadata} document, following the FenceAgentAPI schema (metadata.rng): root
 * resource-agent, symlinks, longdesc, vendor-url, parameters sorted by (order, name), actions.
 * An option whose key differs from its long name appears twice: the key deprecated, the long name
 * obsoleting it, so that both old and new configurations find their parameter.
 */
public final class MetadataXml {
    private MetadataXml() {
    }

    public static String render(AgentSpec spec) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" ?>\n");
        xml.append("<resource-agent name=\"").append(escape(spec.name())).append("\" shortdesc=\"")
                .append(escape(spec.shortDesc())).append("\" >\n");
        for (Map.Entry<String, String> link : spec.symlinks().entrySet()) {
            xml.append("<symlink name=\"").append(escape(link.getKey())).append("\" shortdesc=\"")
                    .append(escape(link.getValue())).append("\"/>\n");
        }
        xml.append("<longdesc>").append(escape(spec.longDesc())).append("</longdesc>\n");
        xml.append("<vendor-url>").append(escape(spec.vendorUrl())).append("</vendor-url>\n");
        xml.append("<parameters>\n");
        for (Entry entry : entries(spec)) {
            appendParameter(xml, entry);
        }
        xml.append("</parameters>\n<actions>\n");
        for (String action : spec.actions()) {
            xml.append("\t<action name=\"").append(escape(action)).append('"');
            if (action.equals("on")) {
                xml.append(" automatic=\"0\"");
            }
            xml.append(" />\n");
        }
        xml.append("</actions>\n</resource-agent>\n");
        return xml.toString();
    }

    /** One parameter element: the name printed and, when the option was renamed, its role. */
    private record Entry(String name, FenceOption option, String attribute) {
    }

    private static List<Entry> entries(AgentSpec spec) {
        List<Entry> entries = new ArrayList<>();
        for (FenceOption option : spec.options()) {
            String newName = option.stdinLongName();
            if (newName.equals(option.key())) {
                entries.add(new Entry(option.key(), option, ""));
            } else {
                entries.add(new Entry(option.key(), option, " deprecated=\"1\""));
                entries.add(new Entry(newName, option, " obsoletes=\"" + option.key() + "\""));
            }
        }
        entries.sort(Comparator.comparingInt((Entry e) -> e.option().order()).thenComparing(Entry::name));
        return entries;
    }

    private static void appendParameter(StringBuilder xml, Entry entry) {
        FenceOption option = entry.option();
        xml.append("\t<parameter name=\"").append(escape(entry.name())).append("\" unique=\"0\" required=\"")
                .append(option.required() ? "1" : "0").append('"').append(entry.attribute()).append(">\n");
        xml.append("\t\t<getopt mixed=\"").append(escape(option.getopt())).append("\" />\n");
        xml.append("\t\t<content type=\"").append(option.type().xmlName()).append('"');
        if (option.defaultValue() != null) {
            xml.append(" default=\"").append(escape(option.defaultValue())).append('"');
        }
        if (option.choices().isEmpty()) {
            xml.append("  />\n");
        } else {
            xml.append("  >\n");
            for (String choice : option.choices()) {
                xml.append("\t\t\t<option value=\"").append(escape(choice)).append("\" />\n");
            }
            xml.append("\t\t</content>\n");
        }
        xml.append("\t\t<shortdesc lang=\"en\">").append(escape(option.description())).append("</shortdesc>\n");
        xml.append("\t</parameter>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
