package org.corral.conf.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.ElementRule.AttributeRule;
import org.corral.conf.core.ElementRule.Openness;

/**
 * The fixed part of the cluster.conf schema: every element that is not a resource agent, with its
 * attributes, types and documented defaults. This is the hand-written head and tail of RHCS's
 * cluster.rng; the agent-specific middle comes from {@link AgentCatalog}. docs/cluster-conf.md
 * lists the same table in prose.
 */
public final class BaseSchema {
    private static final long UINT32_MAX = 4_294_967_295L;
    private static final ValueType TEXT = new ValueType.Text();
    private static final ValueType NAME = new ValueType.NonEmpty();
    private static final ValueType FLAG01 = new ValueType.Choice(List.of("0", "1"));
    private static final ValueType YES_NO = new ValueType.Choice(List.of("yes", "no"));
    private static final ValueType YES_NO_ON_OFF = new ValueType.Choice(List.of("yes", "no", "on", "off"));
    private static final ValueType ON_OFF = new ValueType.Choice(List.of("on", "off", "1", "0"));
    private static final ValueType TIME = new ValueType.Time();
    private static final ValueType POSIX_ID = new ValueType.PosixId();

    /** Attributes every resource element may carry besides its agent's parameters (rgmanager's specials). */
    public static final Map<String, AttributeRule> RESOURCE_SPECIALS = specials();

    private static final Map<String, ElementRule> RULES = rules();

    private BaseSchema() {
    }

    public static Optional<ElementRule> rule(String elementName) {
        return Optional.ofNullable(RULES.get(elementName));
    }

    /** Every fixed element in documentation order. */
    public static List<ElementRule> all() {
        return List.copyOf(RULES.values());
    }

    private static ValueType integer(long min, long max) {
        return new ValueType.Int(min, max);
    }

    private static ValueType atLeast(long min) {
        return new ValueType.Int(min, Long.MAX_VALUE);
    }

    private static Map<String, ElementRule> rules() {
        Map<String, ElementRule> rules = new LinkedHashMap<>();
        put(rules, new Rule("cluster")
                .required("name", NAME).required("config_version", integer(0, UINT32_MAX)).attr("alias", TEXT, null)
                .singletons("cman", "totem", "quorumd", "fence_daemon", "clusternodes", "fencedevices", "rm", "dlm",
                        "logging")
                .children("uidgid"));
        put(rules, cman());
        put(rules, new Rule("multicast").attr("addr", NAME, null).attr("ttl", integer(0, 255), "1")
                .attr("port", integer(1, 65535), null));
        put(rules, new Rule("altmulticast").attr("addr", NAME, null).attr("ttl", integer(0, 255), "1")
                .attr("port", integer(1, 65535), null));
        put(rules, totem());
        put(rules, new Rule("clusternodes").children("clusternode"));
        put(rules, new Rule("clusternode").required("name", NAME)
                .derived("nodeid", integer(1, 4096), "required by cman; no default")
                .attr("votes", integer(0, 255), "1").attr("weight", atLeast(0), null)
                .children("altname", "fence", "unfence").singletons("fence", "unfence"));
        put(rules, new Rule("altname").required("name", NAME).attr("port", integer(1, 65535), null)
                .attr("mcast", NAME, null).attr("ttl", integer(0, 255), "1"));
        put(rules, new Rule("fence").children("method"));
        put(rules, new Rule("method").required("name", NAME).children("device"));
        put(rules, new Rule("device").required("name", NAME).open(Openness.FENCE_DEVICE_REFERENCE));
        put(rules, new Rule("unfence").children("device"));
        put(rules, new Rule("fencedevices").children("fencedevice"));
        put(rules, new Rule("fencedevice").required("name", NAME).required("agent", NAME).open(Openness.FENCE_AGENT));
        put(rules, fenceDaemon());
        put(rules, quorumd());
        put(rules, new Rule("heuristic").required("program", NAME).attr("score", atLeast(1), "1")
                .derived("interval", atLeast(1), "from the quorumd interval").derived("tko", atLeast(1), "derived"));
        put(rules, dlm());
        // Corral extension: corosync.conf's uidgid section, which RHCS 3 kept in corosync.conf only.
        put(rules, new Rule("uidgid").attr("uid", POSIX_ID, null).attr("gid", POSIX_ID, null));
        put(rules, logging("logging").children("logging_daemon"));
        put(rules, logging("logging_daemon").required("name", new ValueType.Choice(List.of("corosync", "qdiskd",
                "groupd", "fenced", "dlm_controld", "gfs_controld", "rgmanager"))).attr("subsys", NAME, null));
        put(rules, new Rule("rm").attr("central_processing", FLAG01, "0").attr("status_poll_interval", atLeast(1), "10")
                .attr("status_child_max", atLeast(1), "5").attr("transition_throttling", atLeast(0), "5")
                .attr("log_level", integer(0, 7), null).attr("log_facility", NAME, null)
                .children("failoverdomains", "resources", "service", "vm").singletons("failoverdomains", "resources"));
        put(rules, new Rule("failoverdomains").children("failoverdomain"));
        put(rules, new Rule("failoverdomain").required("name", NAME).attr("ordered", FLAG01, "0")
                .attr("restricted", FLAG01, "0").attr("nofailback", FLAG01, "0").children("failoverdomainnode"));
        put(rules, new Rule("failoverdomainnode").required("name", NAME).attr("priority", integer(1, 100), null));
        put(rules, new Rule("resources").open(Openness.RESOURCE_CONTAINER));
        put(rules, new Rule("action").required("name", new ValueType.Choice(List.of("start", "stop", "status",
                "monitor", "recover", "reload", "reconfig", "migrate", "meta-data", "validate-all")))
                .attr("depth", new ValueType.Choice(List.of("*", "0", "10", "20")), null)
                .attr("interval", TIME, null).attr("timeout", TIME, null));
        return java.util.Collections.unmodifiableMap(rules);
    }

    private static Rule cman() {
        return new Rule("cman")
                .derived("expected_votes", atLeast(1), "the sum of the clusternode votes")
                .attr("two_node", FLAG01, "0")
                .derived("cluster_id", integer(0, 65535),
                        "hashed from the cluster name (FNV-1a, RHEL 6), or shift-add with hash_cluster_id=\"no\"")
                .attr("hash_cluster_id", YES_NO_ON_OFF, "yes")
                .attr("transport", new ValueType.Choice(List.of("udp", "udpb", "udpu", "rdma")), "udp")
                .attr("port", integer(1, 65535), "5405")
                .derived("keyfile", NAME, "none: the cluster name is the key")
                .attr("broadcast", YES_NO, "no")
                .derived("quorum_dev_poll", atLeast(1), "the totem token timeout")
                .attr("shutdown_timeout", atLeast(0), "5000").attr("ccsd_poll", atLeast(1), "1000")
                .attr("disallowed", FLAG01, "0").attr("startup_config_timeout", atLeast(0), "0")
                .attr("max_queued", atLeast(0), "128").attr("disable_openais", FLAG01, "0")
                .attr("upgrading", YES_NO, "no")
                .derived("nodename", NAME, "the local node's name, set by cman at start")
                // Corral extensions beyond RHCS: corosync 2 votequorum's options under their corosync names.
                .attr("wait_for_all", FLAG01, "0").attr("last_man_standing", FLAG01, "0")
                .attr("last_man_standing_window", atLeast(1), "10000").attr("auto_tie_breaker", FLAG01, "0")
                .attr("auto_tie_breaker_node", new ValueType.TieBreakerNodes(), "lowest")
                .children("multicast", "altmulticast").singletons("multicast", "altmulticast");
    }

    private static Rule totem() {
        ValueType ms = atLeast(0);
        return new Rule("totem")
                .attr("token", ms, "10000").attr("join", ms, "60")
                .derived("consensus", ms, "token + 2000 with more than 2 nodes, else token * 0.2 within 200..2000")
                .attr("fail_recv_const", atLeast(1), "2500")
                .attr("token_retransmits_before_loss_const", atLeast(1), "4")
                .derived("token_retransmit", ms, "token / (token_retransmits_before_loss_const + 0.2)")
                .derived("hold", ms, "token_retransmit * 0.8 - 10")
                .attr("merge", ms, "200").attr("downcheck", ms, "1000")
                .attr("seqno_unchanged_const", atLeast(1), "30").attr("miss_count_const", atLeast(1), "5")
                .attr("max_network_delay", ms, "50").attr("window_size", atLeast(1), "50")
                .attr("max_messages", atLeast(1), "17")
                .derived("netmtu", integer(576, 65536), "the smallest MTU of the ring interfaces, at most 65000 (cman: 1500)")
                .derived("rrp_mode", new ValueType.Choice(List.of("none", "active", "passive")),
                        "active with an altname ring, else none")
                .attr("secauth", ON_OFF, "1")
                .derived("rrp_problem_count_threshold", atLeast(2), "10 (3 with two rings)")
                .attr("rrp_problem_count_timeout", ms, "2000")
                .derived("rrp_token_expired_timeout", ms, "token_retransmit")
                .attr("heartbeat_failures_allowed", atLeast(0), "0").attr("send_join", ms, "0")
                .derived("keyfile", NAME, "none")
                .attr("vsftype", new ValueType.Choice(List.of("none", "ykd")), "none")
                // accepted by the schema so the semantic check can say where transport belongs
                .attr("transport", TEXT, null);
    }

    private static Rule fenceDaemon() {
        return new Rule("fence_daemon")
                .attr("post_join_delay", atLeast(-1), "6").attr("post_fail_delay", atLeast(-1), "0")
                .attr("clean_start", FLAG01, "0").attr("override_path", NAME, "/var/run/cluster/fenced_override")
                .attr("override_time", atLeast(0), "3").attr("skip_undefined", FLAG01, "0")
                .attr("fence_check_delay", atLeast(0), "5").attr("log_debug", FLAG01, "0");
    }

    private static Rule quorumd() {
        return new Rule("quorumd")
                .attr("interval", atLeast(1), "1").derived("tko", atLeast(1), "(token/1000 - interval) / 2")
                .derived("tko_up", atLeast(1), "tko / 3, at least 2").attr("upgrade_wait", atLeast(1), "2")
                .derived("master_wait", atLeast(1), "tko / 2").derived("votes", atLeast(0), "node count - 1")
                .derived("min_score", atLeast(0), "max score / 2 + 1").attr("reboot", FLAG01, "1")
                .attr("allow_kill", FLAG01, "1").attr("paranoid", FLAG01, "0").attr("io_timeout", FLAG01, "0")
                .attr("max_error_cycles", atLeast(0), "0").attr("stop_cman", FLAG01, "0")
                .attr("use_uptime", FLAG01, "1").attr("scheduler", new ValueType.Choice(List.of("rr", "fifo", "other")), "rr")
                .attr("priority", atLeast(0), "1").attr("master_wins", FLAG01, "0")
                .attr("label", NAME, null).attr("device", NAME, null).attr("status_file", NAME, null)
                .attr("cman_label", NAME, null).attr("log_level", integer(0, 7), null).attr("log_facility", NAME, null)
                .children("heuristic");
    }

    private static Rule dlm() {
        return new Rule("dlm").attr("log_debug", FLAG01, "0").attr("timewarn", atLeast(0), "0")
                .attr("protocol", new ValueType.Choice(List.of("tcp", "sctp", "detect")), "detect")
                .attr("enable_fencing", FLAG01, "1").attr("enable_quorum", FLAG01, "1")
                .attr("enable_deadlk", FLAG01, "0").attr("enable_plock", FLAG01, "1")
                .attr("plock_debug", FLAG01, "0").attr("plock_rate_limit", atLeast(0), "0")
                .attr("plock_ownership", FLAG01, "0").attr("drop_resources_time", atLeast(0), "10000")
                .attr("drop_resources_count", atLeast(0), "10").attr("drop_resources_age", atLeast(0), "10000");
    }

    private static Rule logging(String name) {
        ValueType priority = new ValueType.Choice(List.of("emerg", "alert", "crit", "err", "warning", "notice",
                "info", "debug"));
        return new Rule(name).attr("to_syslog", YES_NO, "yes").attr("to_logfile", YES_NO, "yes")
                .attr("syslog_facility", NAME, "local4").attr("syslog_priority", priority, "info")
                .derived("logfile", NAME, "/var/log/cluster/<daemon>.log").attr("logfile_priority", priority, "info")
                .attr("debug", new ValueType.Choice(List.of("on", "off")), "off");
    }

    private static Map<String, AttributeRule> specials() {
        Map<String, AttributeRule> specials = new LinkedHashMap<>();
        ValueType independent = new ValueType.Choice(List.of("0", "1", "2", "yes", "no", "non-critical"));
        specials.put("ref", new AttributeRule("ref", NAME, false, null, "names a resource defined in <resources>"));
        specials.put("__independent_subtree", new AttributeRule("__independent_subtree", independent, false, "0", null));
        specials.put("__enforce_timeouts", new AttributeRule("__enforce_timeouts",
                new ValueType.Choice(List.of("0", "1", "yes", "no")), false, "0", null));
        specials.put("__max_failures", new AttributeRule("__max_failures", atLeast(0), false, "0", null));
        specials.put("__failure_expire_time", new AttributeRule("__failure_expire_time", TIME, false, "0", null));
        specials.put("__max_restarts", new AttributeRule("__max_restarts", atLeast(0), false, "0", null));
        specials.put("__restart_expire_time", new AttributeRule("__restart_expire_time", TIME, false, "0", null));
        return java.util.Collections.unmodifiableMap(specials);
    }

    private static void put(Map<String, ElementRule> rules, Rule rule) {
        rules.put(rule.name, rule.build());
    }

    /** A small builder so the table above reads like the schema it is. */
    private static final class Rule {
        final String name;
        final Map<String, AttributeRule> attributes = new LinkedHashMap<>();
        final List<String> children = new ArrayList<>();
        final List<String> singletons = new ArrayList<>();
        Openness open = Openness.CLOSED;

        Rule(String name) {
            this.name = name;
        }

        Rule required(String attribute, ValueType type) {
            attributes.put(attribute, new AttributeRule(attribute, type, true, null, null));
            return this;
        }

        Rule attr(String attribute, ValueType type, String defaultValue) {
            attributes.put(attribute, new AttributeRule(attribute, type, false, defaultValue, null));
            return this;
        }

        Rule derived(String attribute, ValueType type, String note) {
            attributes.put(attribute, new AttributeRule(attribute, type, false, null, note));
            return this;
        }

        Rule children(String... names) {
            children.addAll(List.of(names));
            return this;
        }

        Rule singletons(String... names) {
            for (String child : names) {
                if (!children.contains(child)) {
                    children.add(child);
                }
                singletons.add(child);
            }
            return this;
        }

        Rule open(Openness openness) {
            open = openness;
            return this;
        }

        ElementRule build() {
            return new ElementRule(name, attributes, children, singletons, open);
        }
    }
}
