package org.corral.conf.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every known agent by name and alias. Later additions replace earlier ones with the same name, so
 * files in share/cluster override the built-in copies.
 */
public final class AgentCatalog {
    public static final int AGENTS_MAX = 1024;

    private final TreeMap<String, AgentMetadata> byName = new TreeMap<>();
    private final TreeMap<String, AgentMetadata> byAlias = new TreeMap<>();

    public AgentCatalog(Collection<AgentMetadata> agents) {
        for (AgentMetadata agent : agents) {
            add(agent);
        }
    }

    private void add(AgentMetadata agent) {
        if (byName.size() >= AGENTS_MAX && !byName.containsKey(agent.name())) {
            throw new IllegalStateException("more than " + AGENTS_MAX + " agents");
        }
        byName.put(agent.name(), agent);
        for (String alias : agent.aliases()) {
            byAlias.put(alias, agent);
        }
    }

    public Optional<AgentMetadata> find(String name) {
        AgentMetadata agent = byName.get(name);
        if (agent == null) {
            agent = byAlias.get(name);
        }
        return Optional.ofNullable(agent);
    }

    /** Is this element name a resource agent (ip, fs, script, service, vm...)? */
    public Optional<AgentMetadata> resource(String elementName) {
        return find(elementName).filter(agent -> agent.kind() == AgentMetadata.Kind.RESOURCE);
    }

    public Optional<AgentMetadata> fence(String agentName) {
        return find(agentName).filter(agent -> agent.kind() == AgentMetadata.Kind.FENCE);
    }

    /** Agent names of one kind, sorted, for error hints. */
    public List<String> names(AgentMetadata.Kind kind) {
        return byName.values().stream().filter(agent -> agent.kind() == kind).map(AgentMetadata::name).toList();
    }
}
