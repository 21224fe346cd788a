package org.corral.conf.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one fence or resource agent accepts, read from its metadata XML (the output of
 * {@code fence_x -o metadata} or {@code agent.sh meta-data}). RHCS generated cluster.rng from the
 * same data with ccs_update_schema; here the checker reads it directly, so a new agent extends the
 * schema by dropping its metadata file in share/cluster without any code change.
 *
 * @param aliases     other names the agent answers to (fence agents' {@code <symlink>} entries)
 * @param childTypes  rgmanager's typed child ordering ({@code <special tag="rgmanager"><child>}),
 *                    in file order; empty for fence agents and leaf resources
 */
public record AgentMetadata(String name, Kind kind, List<Parameter> parameters, List<ChildType> childTypes,
                            List<String> aliases) {

    /** Fence agents are named fence_*; everything else is an rgmanager resource agent. */
    public enum Kind { FENCE, RESOURCE }

    /** The value types the metadata DTDs use. {@code second} is the fence agents' name for a duration. */
    public enum ParameterType { STRING, INTEGER, BOOLEAN, SECOND, TIME, SELECT }

    public record Parameter(String name, ParameterType type, boolean required, boolean primary, boolean unique,
                            String defaultValue, List<String> options, String inherit) {
        public Parameter {
            options = List.copyOf(options);
        }
    }

    public record ChildType(String type, int startLevel, int stopLevel) {
    }

    public AgentMetadata {
        parameters = List.copyOf(parameters);
        childTypes = List.copyOf(childTypes);
        aliases = List.copyOf(aliases);
    }

    public static Kind kindOf(String agentName) {
        return agentName.startsWith("fence_") ? Kind.FENCE : Kind.RESOURCE;
    }

    public Optional<Parameter> parameter(String parameterName) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equals(parameterName)) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    /** The parameter that names an instance (rgmanager's primary attribute), if the agent has one. */
    public Optional<Parameter> primary() {
        for (Parameter parameter : parameters) {
            if (parameter.primary()) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    /** Parameter name to its default value, for parameters that have one, in metadata order. */
    public Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Parameter parameter : parameters) {
            if (parameter.defaultValue() != null && !parameter.defaultValue().isEmpty()) {
                defaults.put(parameter.name(), parameter.defaultValue());
            }
        }
        return defaults;
    }
}
