package org.corral.conf.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.corral.conf.core.ClusterConf.ClusterNode;
import org.corral.conf.core.ClusterConf.DomainMember;
import org.corral.conf.core.ClusterConf.FailoverDomain;
import org.corral.conf.core.ClusterConf.Resource;
import org.corral.conf.core.ClusterConf.Rm;
import org.corral.conf.core.Finding.Kind;

/**
 * rgmanager's configuration rules (reslist.c, restree.c, fo_domain.c): failover domain members are
 * cluster nodes, services name defined domains, {@code ref=} names a resource defined in
 * {@code <resources>} (never an inline one), and no two resources of a type share a primary (or
 * unique) attribute value.
 */
final class RmValidator {
    private RmValidator() {
    }

    static List<Finding> validate(ClusterConf conf, Rm rm, AgentCatalog agents) {
        List<Finding> findings = new ArrayList<>();
        TreeSet<String> domains = domains(conf, rm, findings);
        Map<String, Resource> defined = new TreeMap<>();
        for (Resource resource : rm.resources()) {
            key(resource, agents).ifPresent(key -> defined.putIfAbsent(key, resource));
        }
        Map<String, Resource> inline = new TreeMap<>();
        for (Resource service : rm.services()) {
            collectInline(service, agents, inline);
        }
        uniqueness(rm, agents, findings);
        TreeSet<String> serviceNames = new TreeSet<>();
        rm.services().forEach(s -> serviceNames.add(s.type() + ":" + s.attributes().getOrDefault("name", "")));
        for (Resource service : rm.services()) {
            service(service, domains, serviceNames, findings);
            references(service, agents, defined, inline, findings);
        }
        return findings;
    }

    private static TreeSet<String> domains(ClusterConf conf, Rm rm, List<Finding> findings) {
        TreeSet<String> nodeNames = new TreeSet<>();
        conf.nodes().stream().map(ClusterNode::name).forEach(nodeNames::add);
        TreeSet<String> names = new TreeSet<>();
        for (FailoverDomain domain : rm.failoverDomains()) {
            if (!names.add(domain.name())) {
                findings.add(error(domain.location(), "failoverdomain", "Duplicate failoverdomain name "
                        + domain.name(), "give each failover domain a unique name"));
            }
            TreeSet<String> members = new TreeSet<>();
            for (DomainMember member : domain.members()) {
                if (!nodeNames.contains(member.name())) {
                    findings.add(error(member.location(), "failoverdomainnode", "failoverdomainnode "
                            + member.name() + " of domain " + domain.name() + " is not a clusternode",
                            "use a name from <clusternodes>" + (nodeNames.isEmpty() ? ""
                                    : " (" + String.join(", ", nodeNames) + ")")));
                }
                if (!members.add(member.name())) {
                    findings.add(error(member.location(), "failoverdomainnode", "node " + member.name()
                            + " is listed twice in domain " + domain.name(), "list each node once"));
                }
            }
            if (domain.ordered() && domain.members().stream().anyMatch(m -> m.priority() == 0)) {
                findings.add(new Finding(Kind.WARNING, domain.location(), "failoverdomain", "ordered domain "
                        + domain.name() + " has members without a priority; they rank last",
                        "give every failoverdomainnode priority=\"1\"..\"100\" (lower is preferred)"));
            }
        }
        return names;
    }

    private static void service(Resource service, TreeSet<String> domains, TreeSet<String> serviceNames,
                                List<Finding> findings) {
        String name = service.attributes().getOrDefault("name", "");
        String domain = service.attributes().get("domain");
        if (domain != null && !domains.contains(domain)) {
            findings.add(error(service.location(), service.type(), service.type() + " " + name
                    + " names failover domain " + domain + ", which is not defined",
                    "define <failoverdomain name=\"" + domain + "\"> in <failoverdomains> or fix the name"
                            + (domains.isEmpty() ? "" : " (defined: " + String.join(", ", domains) + ")")));
        }
        String depend = service.attributes().get("depend");
        if (depend != null && !depend.isEmpty()) {
            String target = depend.contains(":") ? depend : "service:" + depend;
            if (!serviceNames.contains(target)) {
                findings.add(error(service.location(), service.type(), service.type() + " " + name
                        + " depends on " + depend + ", which is not defined", "name an existing service in depend="));
            }
        }
    }

    /** "type:primary value", the way rgmanager names a resource instance. */
    private static Optional<String> key(Resource resource, AgentCatalog agents) {
        return agents.resource(resource.type()).flatMap(AgentMetadata::primary)
                .flatMap(primary -> Optional.ofNullable(resource.attributes().get(primary.name())))
                .map(value -> resource.type() + ":" + value);
    }

    private static void collectInline(Resource resource, AgentCatalog agents, Map<String, Resource> inline) {
        if (resource.ref().isEmpty()) {
            key(resource, agents).ifPresent(key -> inline.putIfAbsent(key, resource));
        }
        resource.children().forEach(child -> collectInline(child, agents, inline));
    }

    private static void references(Resource resource, AgentCatalog agents, Map<String, Resource> defined,
                                   Map<String, Resource> inline, List<Finding> findings) {
        Optional<String> ref = resource.ref();
        if (ref.isPresent()) {
            String key = resource.type() + ":" + ref.get();
            if (!defined.containsKey(key)) {
                if (inline.containsKey(key)) {
                    findings.add(error(resource.location(), resource.type(), "Reference to inlined resource "
                            + key + " is illegal", "move the definition (line " + inline.get(key).location().line()
                            + ") into <resources>, or repeat it inline instead of ref="));
                } else {
                    findings.add(error(resource.location(), resource.type(), "Reference to nonexistent resource "
                            + key, "define <" + resource.type() + "> with that value in <resources>, or fix ref=\""
                            + ref.get() + "\""));
                }
            }
        }
        resource.children().forEach(child -> references(child, agents, defined, inline, findings));
    }

    /** No two definitions (in resources or inline) of one type share a primary or unique attribute value. */
    private static void uniqueness(Rm rm, AgentCatalog agents, List<Finding> findings) {
        Map<String, Resource> seen = new TreeMap<>();
        List<Resource> all = new ArrayList<>();
        rm.resources().forEach(r -> flatten(r, all));
        rm.services().forEach(r -> flatten(r, all));
        for (Resource resource : all) {
            if (resource.ref().isPresent()) {
                continue;
            }
            Optional<AgentMetadata> agent = agents.resource(resource.type());
            if (agent.isEmpty()) {
                continue;
            }
            for (AgentMetadata.Parameter parameter : agent.get().parameters()) {
                String value = resource.attributes().get(parameter.name());
                if (value == null || !(parameter.primary() || parameter.unique())) {
                    continue;
                }
                String key = resource.type() + "/" + parameter.name() + "=" + value;
                Resource first = seen.putIfAbsent(key, resource);
                if (first != null) {
                    findings.add(error(resource.location(), resource.type(), "Duplicate "
                            + (parameter.primary() ? "primary" : "unique") + " attribute " + parameter.name() + "=\""
                            + value + "\" for resource type " + resource.type() + " (first at line "
                            + first.location().line() + ")", "define it once in <resources> and use ref=\""
                            + value + "\" where it is needed"));
                }
            }
        }
    }

    private static void flatten(Resource resource, List<Resource> out) {
        out.add(resource);
        resource.children().forEach(child -> flatten(child, out));
    }

    private static Finding error(Location location, String element, String message, String hint) {
        return new Finding(Kind.SEMANTIC_ERROR, location, element, message, hint);
    }
}
