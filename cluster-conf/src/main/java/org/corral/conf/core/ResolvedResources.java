package org.corral.conf.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.corral.conf.core.ClusterConf.Resource;
import org.corral.conf.core.ClusterConf.Rm;

/**
 * The service trees as rgmanager runs them: every {@code ref=} replaced by the resource it names
 * (the definition's attributes, then the ones written at the reference, which override), every
 * parameter the agent gives a default filled in, and every inherited parameter taken from the
 * ancestor rgmanager took it from ({@code inherit="service%nfslock"}: the nearest service's nfslock;
 * {@code inherit="mountpoint"}: the parent's mountpoint). Run it on a configuration that validates:
 * a dangling reference is left as it is.
 */
public final class ResolvedResources {
    /** rgmanager nests resources a few levels deep; this bounds a pathological tree. */
    public static final int DEPTH_MAX = 32;

    private ResolvedResources() {
    }

    public static List<Resource> services(ClusterConf conf, AgentCatalog agents) {
        Optional<Rm> rm = conf.rm();
        if (rm.isEmpty()) {
            return List.of();
        }
        Map<String, Resource> definitions = new TreeMap<>();
        for (Resource definition : rm.get().resources()) {
            agents.resource(definition.type()).flatMap(AgentMetadata::primary)
                    .map(primary -> definition.attributes().get(primary.name()))
                    .ifPresent(value -> definitions.putIfAbsent(definition.type() + ":" + value, definition));
        }
        List<Resource> services = new ArrayList<>();
        for (Resource service : rm.get().services()) {
            services.add(resolve(service, definitions, agents, new ArrayDeque<>()));
        }
        return List.copyOf(services);
    }

    private static Resource resolve(Resource site, Map<String, Resource> definitions, AgentCatalog agents,
                                    Deque<Resource> ancestors) {
        if (ancestors.size() >= DEPTH_MAX) {
            throw new IllegalArgumentException("resource tree deeper than " + DEPTH_MAX + " at " + site.location());
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Resource> children = new ArrayList<>();
        Optional<Resource> definition = site.ref().map(ref -> definitions.get(site.type() + ":" + ref));
        definition.ifPresent(found -> {
            attributes.putAll(found.attributes());
            children.addAll(found.children());
        });
        site.attributes().forEach((key, value) -> {
            if (!key.equals("ref") || definition.isEmpty()) {
                attributes.put(key, value);
            }
        });
        children.addAll(site.children());
        Optional<AgentMetadata> agent = agents.resource(site.type());
        if (agent.isPresent()) {
            for (AgentMetadata.Parameter parameter : agent.get().parameters()) {
                if (attributes.containsKey(parameter.name())) {
                    continue;
                }
                inherited(parameter, ancestors).ifPresent(value -> attributes.put(parameter.name(), value));
                if (!attributes.containsKey(parameter.name()) && parameter.defaultValue() != null
                        && !parameter.defaultValue().isEmpty()) {
                    attributes.put(parameter.name(), parameter.defaultValue());
                }
            }
        }
        Resource shell = new Resource(site.type(), attributes, List.of(), site.actions(), site.location());
        ancestors.push(shell);
        List<Resource> resolvedChildren = new ArrayList<>();
        for (Resource child : children) {
            resolvedChildren.add(resolve(child, definitions, agents, ancestors));
        }
        ancestors.pop();
        List<Section> actions = new ArrayList<>(definition.map(Resource::actions).orElse(List.of()));
        actions.addAll(site.actions());
        return new Resource(site.type(), attributes, resolvedChildren, actions, site.location());
    }

    private static Optional<String> inherited(AgentMetadata.Parameter parameter, Deque<Resource> ancestors) {
        String inherit = parameter.inherit();
        if (inherit == null || inherit.isEmpty() || ancestors.isEmpty()) {
            return Optional.empty();
        }
        int percent = inherit.indexOf('%');
        if (percent < 0) {
            return Optional.ofNullable(ancestors.peek().attributes().get(inherit));
        }
        String type = inherit.substring(0, percent);
        String attribute = inherit.substring(percent + 1);
        for (Resource ancestor : ancestors) {
            if (ancestor.type().equals(type)) {
                return Optional.ofNullable(ancestor.attributes().get(attribute));
            }
        }
        return Optional.empty();
    }
}
