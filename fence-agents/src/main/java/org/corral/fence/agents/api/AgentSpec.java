package org.corral.fence.agents.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent is: its name, texts, options and the actions it offers.
 *
 * @param name        command name, e.g. {@code fence_ipmilan}
 * @param shortDesc   one-line description (metadata shortdesc)
 * @param longDesc    paragraph for the metadata longdesc
 * @param vendorUrl   vendor address, may be empty
 * @param symlinks    alternative command names and their shortdesc, in print order
 * @param options     every option the agent accepts: its own first, then the common ones it did not
 *                    re-declare. On the command line the first option claiming a short letter wins
 *                    (fence_ipmilan's -C is --cipher, not --separator).
 * @param multiPort   the device has plugs: list/list-status are offered, a plug is required and monitor
 *                    performs a list instead of a status query
 * @param extraActions actions beyond the standard ones (e.g. {@code diag}); the agent handles them
 */
public record AgentSpec(String name, String shortDesc, String longDesc, String vendorUrl,
                        Map<String, String> symlinks, List<FenceOption> options, boolean multiPort,
                        List<String> extraActions) {

    public static final int OPTIONS_MAX = 128;

    public AgentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shortDesc, "shortDesc");
        Objects.requireNonNull(longDesc, "longDesc");
        Objects.requireNonNull(vendorUrl, "vendorUrl");
        symlinks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symlinks));
        options = List.copyOf(options);
        extraActions = List.copyOf(extraActions);
        if (options.size() > OPTIONS_MAX) {
            throw new IllegalArgumentException("too many options: " + options.size());
        }
        List<String> keys = new ArrayList<>();
        for (FenceOption option : options) {
            if (keys.contains(option.key())) {
                throw new IllegalArgumentException("duplicate option key " + option.key());
            }
            keys.add(option.key());
        }
    }

    /**
     * Builds a spec from the agent's own options followed by {@link CommonOptions#always()}; an agent
     * option with the key of a common one replaces it.
     */
    public static AgentSpec of(String name, String shortDesc, String longDesc, List<FenceOption> agentOptions,
                               boolean multiPort) {
        return new AgentSpec(name, shortDesc, longDesc, "", Map.of(), merge(agentOptions), multiPort, List.of());
    }

    public AgentSpec withSymlinks(Map<String, String> value) {
        return new AgentSpec(name, shortDesc, longDesc, vendorUrl, value, options, multiPort, extraActions);
    }

    public AgentSpec withVendorUrl(String value) {
        return new AgentSpec(name, shortDesc, longDesc, value, symlinks, options, multiPort, extraActions);
    }

    public AgentSpec withExtraActions(List<String> value) {
        return new AgentSpec(name, shortDesc, longDesc, vendorUrl, symlinks, options, multiPort, value);
    }

    /** The same spec without the named options (e.g. a common option the agent does not offer). */
    public AgentSpec withoutOptions(String... keys) {
        List<String> drop = List.of(keys);
        List<FenceOption> kept = options.stream().filter(o -> !drop.contains(o.key())).toList();
        return new AgentSpec(name, shortDesc, longDesc, vendorUrl, symlinks, kept, multiPort, extraActions);
    }

    /** Agent options first, then the common ones not re-declared. */
    public static List<FenceOption> merge(List<FenceOption> agentOptions) {
        List<FenceOption> merged = new ArrayList<>(agentOptions);
        for (FenceOption common : CommonOptions.always()) {
            if (agentOptions.stream().noneMatch(o -> o.key().equals(common.key()))) {
                merged.add(common);
            }
        }
        return merged;
    }

    public Optional<FenceOption> option(String key) {
        return options.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    public boolean hasOption(String key) {
        return option(key).isPresent();
    }

    /** The actions in the order the metadata and help list them. */
    public List<String> actions() {
        List<String> actions = new ArrayList<>(List.of("on", "off", "reboot", "status"));
        if (multiPort) {
            actions.add("list");
            actions.add("list-status");
        }
        actions.addAll(List.of("monitor", "metadata", "manpage", "validate-all"));
        actions.addAll(extraActions);
        return actions;
    }
}
