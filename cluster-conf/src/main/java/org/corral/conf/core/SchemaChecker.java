package org.corral.conf.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.corral.conf.core.ElementRule.AttributeRule;
import org.corral.conf.core.ElementRule.Openness;
import org.corral.conf.wire.XmlElement;

/**
 * The schema layer: every element is known in its place, every attribute is known for its element
 * and has a value of the right type. Fixed elements come from {@link BaseSchema}; fence device
 * parameters and resource elements come from the agent metadata in {@link AgentCatalog}. Messages
 * follow libxml2's Relax-NG wording, which is what ccs_config_validate printed.
 */
public final class SchemaChecker {
    public static final int FINDINGS_MAX = 500;

    private final AgentCatalog agents;

    public SchemaChecker(AgentCatalog agents) {
        this.agents = agents;
    }

    public List<Finding> check(XmlElement root) {
        List<Finding> findings = new ArrayList<>();
        if (!root.name().equals("cluster")) {
            findings.add(error(root, "Expecting element cluster, got " + root.name(),
                    "the root element of cluster.conf must be <cluster name=\"...\" config_version=\"1\">"));
            return findings;
        }
        Map<String, String> fenceAgentsByDevice = fenceAgentsByDevice(root);
        walkFixed(root, BaseSchema.rule("cluster").orElseThrow(), fenceAgentsByDevice, findings);
        return findings.size() > FINDINGS_MAX ? findings.subList(0, FINDINGS_MAX) : findings;
    }

    private static Map<String, String> fenceAgentsByDevice(XmlElement root) {
        Map<String, String> agentByName = new TreeMap<>();
        root.child("fencedevices").ifPresent(devices -> {
            for (XmlElement device : devices.children("fencedevice")) {
                String name = device.attributes().get("name");
                String agent = device.attributes().get("agent");
                if (name != null && agent != null) {
                    agentByName.putIfAbsent(name, agent);
                }
            }
        });
        return agentByName;
    }

    private void walkFixed(XmlElement element, ElementRule rule, Map<String, String> fenceAgents,
                           List<Finding> findings) {
        if (findings.size() > FINDINGS_MAX) {
            return;
        }
        checkText(element, findings);
        Map<String, AttributeRule> allowed = new LinkedHashMap<>(rule.attributes());
        Optional<AgentMetadata> agent = agentFor(element, rule, fenceAgents, findings);
        checkAttributes(element, allowed, agent, rule.open() != Openness.CLOSED, findings);
        Map<String, Integer> seen = new TreeMap<>();
        for (XmlElement child : element.children()) {
            int count = seen.merge(child.name(), 1, Integer::sum);
            if (rule.singletonChildren().contains(child.name()) && count == 2) {
                findings.add(error(child, "Extra element " + child.name() + " in interleave",
                        "<" + element.name() + "> may hold only one <" + child.name() + ">; merge them"));
                continue;
            }
            if (rule.open() == Openness.RESOURCE_CONTAINER || isRmResource(element, child)) {
                walkResource(child, element.name().equals("resources"), 1, findings);
            } else if (rule.children().contains(child.name())) {
                walkFixed(child, BaseSchema.rule(child.name()).orElseThrow(), fenceAgents, findings);
            } else {
                findings.add(extraContent(element, child, rule.children()));
            }
        }
    }

    private static boolean isRmResource(XmlElement parent, XmlElement child) {
        return parent.name().equals("rm") && (child.name().equals("service") || child.name().equals("vm"));
    }

    private Optional<AgentMetadata> agentFor(XmlElement element, ElementRule rule, Map<String, String> fenceAgents,
                                             List<Finding> findings) {
        if (rule.open() == Openness.FENCE_AGENT) {
            String agentName = element.attributes().get("agent");
            if (agentName == null || agentName.isBlank()) {
                return Optional.empty();
            }
            Optional<AgentMetadata> agent = agents.fence(agentName);
            if (agent.isEmpty()) {
                List<String> known = agents.names(AgentMetadata.Kind.FENCE);
                String guess = Suggest.closest(agentName, known).map(best -> "did you mean " + best + "? ").orElse("");
                findings.add(error(element, "Unknown fence agent " + agentName + " for element fencedevice",
                        guess + "use one of " + String.join(", ", known)
                                + ", or add " + agentName + ".metadata.xml (its -o metadata output) to share/cluster"));
            }
            return agent;
        }
        if (rule.open() == Openness.FENCE_DEVICE_REFERENCE) {
            String agentName = fenceAgents.get(element.attributes().get("name"));
            return agentName == null ? Optional.empty() : agents.fence(agentName);
        }
        return Optional.empty();
    }

    private void checkAttributes(XmlElement element, Map<String, AttributeRule> allowed,
                                 Optional<AgentMetadata> agent, boolean open, List<Finding> findings) {
        for (AttributeRule attribute : allowed.values()) {
            if (attribute.required() && !element.attributes().containsKey(attribute.name())) {
                findings.add(error(element, "Element " + element.name() + " failed to validate attributes: "
                        + "attribute " + attribute.name() + " is required", "add " + attribute.name() + "=\"...\" ("
                        + attribute.type().describe() + ")"));
            }
        }
        for (Map.Entry<String, String> entry : element.attributes().entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            AttributeRule fixed = allowed.get(name);
            if (fixed != null) {
                checkValue(element, name, value, fixed.type(), findings);
            } else if (agent.isPresent()) {
                checkAgentParameter(element, name, value, agent.get(), allowed, findings);
            } else if (!open) {
                findings.add(unknownAttribute(element, name, allowed.keySet()));
            }
            // open element whose agent is unknown: the reference or agent error is reported elsewhere
        }
    }

    private void checkAgentParameter(XmlElement element, String name, String value, AgentMetadata agent,
                                     Map<String, AttributeRule> fixed, List<Finding> findings) {
        Optional<AgentMetadata.Parameter> parameter = agent.parameter(name);
        if (parameter.isEmpty() && name.equals("option")) {
            parameter = agent.parameter("action"); // the old name of action, still accepted by every agent
        }
        if (parameter.isEmpty()) {
            List<String> candidates = new ArrayList<>(fixed.keySet());
            agent.parameters().forEach(p -> candidates.add(p.name()));
            Finding finding = unknownAttribute(element, name, candidates);
            findings.add(new Finding(finding.kind(), finding.location(), finding.element(),
                    finding.message() + " (agent " + agent.name() + ")", finding.hint()));
            return;
        }
        checkValue(element, name, value, typeOf(parameter.get()), findings);
    }

    static ValueType typeOf(AgentMetadata.Parameter parameter) {
        return switch (parameter.type()) {
            case INTEGER -> new ValueType.Int(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
            case BOOLEAN -> new ValueType.Flag();
            case SECOND -> new ValueType.Seconds();
            case TIME -> new ValueType.Time();
            case SELECT -> parameter.options().isEmpty() ? new ValueType.Text() : new ValueType.Choice(parameter.options());
            case STRING -> new ValueType.Text();
        };
    }

    private static void checkValue(XmlElement element, String name, String value, ValueType type,
                                   List<Finding> findings) {
        if (!type.accepts(value)) {
            findings.add(error(element, "Invalid value \"" + value + "\" for attribute " + name + " of element "
                    + element.name(), "use " + type.describe()));
        }
    }

    private void walkResource(XmlElement element, boolean definition, int depth, List<Finding> findings) {
        if (findings.size() > FINDINGS_MAX) {
            return;
        }
        if (depth > ResolvedResources.DEPTH_MAX) {
            findings.add(error(element, "resource tree nested deeper than " + ResolvedResources.DEPTH_MAX + " levels",
                    "flatten the tree; rgmanager's trees are a few levels deep"));
            return;
        }
        checkText(element, findings);
        if (element.name().equals("action")) {
            ElementRule action = BaseSchema.rule("action").orElseThrow();
            checkAttributes(element, action.attributes(), Optional.empty(), false, findings);
            for (XmlElement child : element.children()) {
                findings.add(extraContent(element, child, List.of()));
            }
            return;
        }
        Optional<AgentMetadata> agent = agents.resource(element.name());
        if (agent.isEmpty()) {
            List<String> known = agents.names(AgentMetadata.Kind.RESOURCE);
            String guess = Suggest.closest(element.name(), known).map(best -> "did you mean <" + best + ">? ").orElse("");
            findings.add(error(element, "Element " + element.name() + " is not a known resource type",
                    guess + "use one of " + String.join(", ", known)
                            + ", or add " + element.name() + ".metadata.xml (its meta-data output) to share/cluster"));
            return;
        }
        Map<String, AttributeRule> fixed = new LinkedHashMap<>(BaseSchema.RESOURCE_SPECIALS);
        boolean reference = element.attributes().containsKey("ref");
        if (definition && reference) {
            findings.add(error(element, "Invalid attribute ref for element " + element.name() + " in <resources>",
                    "define the resource here with its own attributes; use ref= only inside a service"));
        }
        for (Map.Entry<String, String> entry : element.attributes().entrySet()) {
            AttributeRule special = fixed.get(entry.getKey());
            if (special != null) {
                checkValue(element, entry.getKey(), entry.getValue(), special.type(), findings);
            } else {
                checkAgentParameter(element, entry.getKey(), entry.getValue(), agent.get(), fixed, findings);
            }
        }
        if (!reference) {
            for (AgentMetadata.Parameter parameter : agent.get().parameters()) {
                if (parameter.required() && parameter.inherit() == null
                        && !element.attributes().containsKey(parameter.name())) {
                    findings.add(error(element, "Element " + element.name() + " failed to validate attributes: "
                            + "attribute " + parameter.name() + " is required", "add " + parameter.name()
                            + "=\"...\" or ref= to a resource defined in <resources>"));
                }
            }
        }
        for (XmlElement child : element.children()) {
            walkResource(child, false, depth + 1, findings);
        }
    }

    private static void checkText(XmlElement element, List<Finding> findings) {
        if (!element.text().isEmpty()) {
            String text = element.text().length() > 40 ? element.text().substring(0, 40) + "..." : element.text();
            findings.add(error(element, "Element " + element.name() + " has extra content: text",
                    "remove the text \"" + text.replaceAll("\\s+", " ") + "\"; cluster.conf keeps values in attributes"));
        }
    }

    private static Finding extraContent(XmlElement parent, XmlElement child, List<String> allowed) {
        String hint = allowed.isEmpty() ? "<" + parent.name() + "> takes no child elements; remove <" + child.name() + ">"
                : Suggest.closest(child.name(), allowed)
                        .map(best -> "did you mean <" + best + ">? <" + parent.name() + "> may contain "
                                + String.join(", ", allowed))
                        .orElse("<" + parent.name() + "> may contain " + String.join(", ", allowed));
        return new Finding(Finding.Kind.SCHEMA_ERROR, child.location(), child.name(),
                "Element " + parent.name() + " has extra content: " + child.name(), hint);
    }

    private static Finding unknownAttribute(XmlElement element, String name, java.util.Collection<String> allowed) {
        String hint = Suggest.closest(name, allowed).map(best -> "did you mean " + best + "? otherwise remove it")
                .orElse(allowed.isEmpty() ? "remove it" : "remove it; " + element.name() + " accepts "
                        + String.join(", ", allowed));
        return error(element, "Invalid attribute " + name + " for element " + element.name(), hint);
    }

    private static Finding error(XmlElement element, String message, String hint) {
        return new Finding(Finding.Kind.SCHEMA_ERROR, element.location(), element.name(), message, hint);
    }
}
