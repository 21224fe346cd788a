package org.corral.conf.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.ElementRule.AttributeRule;
import org.corral.conf.wire.XmlElement;

/**
 * The configuration with every default written out: what ccs_config_dump shows. The user's
 * attributes come first, in their order; defaults follow. The sections every node runs with
 * (cman, totem, fence_daemon, dlm, logging) are added when the file leaves them out.
 */
public final class DumpTree {
    private static final List<String> ALWAYS_PRESENT = List.of("cman", "totem", "clusternodes", "fencedevices",
            "fence_daemon", "dlm", "logging");

    private DumpTree() {
    }

    public static XmlElement withDefaults(ClusterConf conf, EffectiveConfig effective, AgentCatalog agents) {
        XmlElement root = conf.source();
        List<XmlElement> children = new ArrayList<>();
        for (String section : ALWAYS_PRESENT) {
            if (root.child(section).isEmpty()) {
                children.add(new XmlElement(section, Map.of(), List.of(), root.location(), ""));
            }
        }
        List<XmlElement> ordered = new ArrayList<>(root.children());
        // Sections the file lacks go at the end, except cman, which RHCS's examples put first.
        for (XmlElement missing : children) {
            ordered.add(missing.name().equals("cman") ? 0 : ordered.size(), missing);
        }
        List<XmlElement> filled = new ArrayList<>();
        for (XmlElement child : ordered) {
            filled.add(fill(child, conf, effective, agents));
        }
        return root.withChildren(filled);
    }

    private static XmlElement fill(XmlElement element, ClusterConf conf, EffectiveConfig effective,
                                   AgentCatalog agents) {
        Map<String, String> defaults = new LinkedHashMap<>(derived(element.name(), effective));
        Optional<ElementRule> rule = BaseSchema.rule(element.name());
        boolean resource = agents.resource(element.name()).isPresent() && !element.attributes().containsKey("ref");
        if (rule.isPresent() && !resource) {
            for (AttributeRule attribute : rule.get().attributes().values()) {
                if (attribute.defaultValue() != null) {
                    defaults.putIfAbsent(attribute.name(), attribute.defaultValue());
                }
            }
        } else if (resource) {
            agents.resource(element.name()).ifPresent(agent -> agent.defaults().forEach(defaults::putIfAbsent));
        }
        List<XmlElement> children = new ArrayList<>();
        for (XmlElement child : element.children()) {
            children.add(fill(child, conf, effective, agents));
        }
        return element.withDefaults(defaults).withChildren(children);
    }

    /** Values cman computed rather than took from a table. */
    private static Map<String, String> derived(String elementName, EffectiveConfig effective) {
        Map<String, String> values = new LinkedHashMap<>();
        EffectiveConfig.Totem totem = effective.totem();
        switch (elementName) {
            case "cman" -> {
                values.put("cluster_id", Integer.toString(effective.clusterId()));
                values.put("expected_votes", Long.toString(effective.expectedVotes()));
                values.put("quorum_dev_poll", Long.toString(effective.quorumDevPollMs()));
            }
            case "totem" -> {
                values.put("token", Long.toString(totem.tokenMs()));
                values.put("join", Long.toString(totem.joinMs()));
                values.put("consensus", Long.toString(totem.consensusMs()));
                values.put("fail_recv_const", Long.toString(totem.failRecvConst()));
                values.put("token_retransmit", Long.toString(totem.tokenRetransmitMs()));
                values.put("hold", Long.toString(totem.holdMs()));
                values.put("rrp_mode", totem.rrpMode());
                values.put("rrp_problem_count_threshold", Long.toString(totem.rrpProblemCountThreshold()));
                values.put("rrp_token_expired_timeout", Long.toString(totem.rrpTokenExpiredTimeoutMs()));
            }
            default -> {
                // every other element takes its defaults from the schema table or its agent
            }
        }
        return values;
    }
}
