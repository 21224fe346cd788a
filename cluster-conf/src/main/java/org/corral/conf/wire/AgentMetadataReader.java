package org.corral.conf.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.corral.conf.core.AgentMetadata;
import org.corral.conf.core.AgentMetadata.ChildType;
import org.corral.conf.core.AgentMetadata.Parameter;
import org.corral.conf.core.AgentMetadata.ParameterType;

/**
 * Turns one agent metadata document ({@code <resource-agent>} in the OCF / FenceAgentAPI shape, with
 * rgmanager's {@code primary}, {@code inherit} and {@code <special tag="rgmanager">} extensions) into
 * an {@link AgentMetadata}. The same secure reader as cluster.conf parses it.
 */
public final class AgentMetadataReader {
    public static final int PARAMETERS_MAX = 256;

    private final SecureXmlReader reader = new SecureXmlReader();

    public AgentMetadata read(String fileName, byte[] content) throws XmlSyntaxException {
        XmlElement root = reader.read(fileName, content);
        if (!root.name().equals("resource-agent")) {
            throw new XmlSyntaxException(root.location(), "agent metadata must start with <resource-agent>, not <"
                    + root.name() + ">");
        }
        String name = root.attribute("name").orElse("");
        if (name.isEmpty()) {
            throw new XmlSyntaxException(root.location(), "<resource-agent> has no name attribute");
        }
        List<String> aliases = new ArrayList<>();
        for (XmlElement symlink : root.children("symlink")) {
            symlink.attribute("name").ifPresent(aliases::add);
        }
        List<Parameter> parameters = new ArrayList<>();
        for (XmlElement block : root.children("parameters")) {
            for (XmlElement parameter : block.children("parameter")) {
                if (parameters.size() >= PARAMETERS_MAX) {
                    throw new XmlSyntaxException(parameter.location(), "more than " + PARAMETERS_MAX + " parameters");
                }
                parameters.add(parameter(parameter));
            }
        }
        List<ChildType> childTypes = new ArrayList<>();
        for (XmlElement special : root.children("special")) {
            if (!"rgmanager".equals(special.attributes().get("tag"))) {
                continue;
            }
            for (XmlElement child : special.children("child")) {
                childTypes.add(new ChildType(child.attribute("type").orElse(""),
                        intOr(child.attributes().get("start"), 0), intOr(child.attributes().get("stop"), 0)));
            }
        }
        return new AgentMetadata(name, AgentMetadata.kindOf(name), parameters, childTypes, aliases);
    }

    private static Parameter parameter(XmlElement parameter) throws XmlSyntaxException {
        String name = parameter.attribute("name").orElse("");
        if (name.isEmpty()) {
            throw new XmlSyntaxException(parameter.location(), "<parameter> has no name attribute");
        }
        XmlElement content = parameter.child("content").orElse(null);
        String typeName = content == null ? "string" : content.attribute("type").orElse("string");
        ParameterType type = switch (typeName.toLowerCase(Locale.ROOT)) {
            case "integer", "int" -> ParameterType.INTEGER;
            case "boolean" -> ParameterType.BOOLEAN;
            case "second" -> ParameterType.SECOND;
            case "time" -> ParameterType.TIME;
            case "select" -> ParameterType.SELECT;
            default -> ParameterType.STRING;
        };
        List<String> options = new ArrayList<>();
        String defaultValue = null;
        if (content != null) {
            defaultValue = content.attributes().get("default");
            for (XmlElement option : content.children("option")) {
                option.attribute("value").ifPresent(options::add);
            }
        }
        return new Parameter(name, type, flag(parameter, "required"), flag(parameter, "primary"),
                flag(parameter, "unique"), defaultValue, options, parameter.attributes().get("inherit"));
    }

    private static boolean flag(XmlElement element, String attribute) {
        String value = element.attributes().get(attribute);
        return "1".equals(value) || "yes".equalsIgnoreCase(value) || "true".equalsIgnoreCase(value);
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
