package org.corral.conf.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.corral.conf.core.ClusterConf.ClusterNode;
import org.corral.conf.core.ClusterConf.FenceDevice;
import org.corral.conf.core.ClusterConf.FenceDeviceUse;
import org.corral.conf.core.ClusterConf.FenceMethod;
import org.corral.conf.core.Finding.Kind;

/**
 * The rules RHCS enforced at run time (cman, fenced, qdiskd, corosync) or that users trip over,
 * checked before anything starts. Messages reuse the daemons' own words where they had them.
 * Resource manager rules live in {@link RmValidator}.
 */
public final class SemanticValidator {
    /** libfence's limits on methods per node and devices per method. */
    public static final int FENCE_METHODS_MAX = 8;
    public static final int FENCE_DEVICES_PER_METHOD_MAX = 8;
    /** corosync's MINIMUM_TIMEOUT: 3 ticks of 1000/HZ ms. */
    public static final long TIMEOUT_MINIMUM_MS = 30;
    public static final int HEURISTICS_MAX = 10;
    /** qdiskd refused a faster token. */
    public static final long QDISK_TOKEN_MINIMUM_MS = 10_000;
    public static final int RINGS_MAX = 2;

    private SemanticValidator() {
    }

    public static List<Finding> validate(ClusterConf conf, AgentCatalog agents) {
        List<Finding> findings = new ArrayList<>();
        clusterName(conf, findings);
        nodes(conf, findings);
        twoNode(conf, findings);
        transport(conf, findings);
        rings(conf, findings);
        fencing(conf, findings);
        timeouts(conf, findings);
        quorumd(conf, findings);
        votequorum(conf, findings);
        uidgid(conf, findings);
        conf.rm().ifPresent(rm -> findings.addAll(RmValidator.validate(conf, rm, agents)));
        return findings;
    }

    private static void clusterName(ClusterConf conf, List<Finding> findings) {
        int length = conf.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length > ClusterIds.CLUSTER_NAME_LENGTH_MAX) {
            findings.add(error(conf.cluster().location(), "cluster",
                    "Invalid cluster name. It must be 15 characters or fewer",
                    "shorten name=\"" + conf.name() + "\" (" + length + " characters) to 15 or fewer"));
        }
    }

    private static void nodes(ClusterConf conf, List<Finding> findings) {
        if (conf.nodes().isEmpty()) {
            findings.add(new Finding(Kind.WARNING, conf.cluster().location(), "cluster",
                    "no clusternode is defined; cman cannot start with this configuration",
                    "add <clusternodes><clusternode name=\"...\" nodeid=\"1\"/>...</clusternodes>"));
            return;
        }
        Map<String, ClusterNode> byName = new TreeMap<>();
        Map<Long, ClusterNode> byId = new TreeMap<>();
        for (ClusterNode node : conf.nodes()) {
            ClusterNode same = byName.putIfAbsent(node.name(), node);
            if (same != null) {
                findings.add(error(node.section().location(), "clusternode", "Duplicate clusternode name "
                        + node.name() + " (first at line " + same.section().location().line() + ")",
                        "give each clusternode a unique name"));
            }
            if (node.section().get("nodeid").isEmpty()) {
                findings.add(error(node.section().location(), "clusternode",
                        "CCS does not have a nodeid for node " + node.name()
                                + ", run 'ccs_tool addnodeids' to fix", "add nodeid=\"N\" (1 to 4096, unique)"));
            } else if (node.nodeId().isPresent()) {
                long id = node.nodeId().getAsLong();
                ClusterNode sameId = byId.putIfAbsent(id, node);
                if (sameId != null) {
                    findings.add(error(node.section().location(), "clusternode", "Duplicate nodeid " + id
                            + " for clusternodes " + sameId.name() + " and " + node.name(),
                            "give each clusternode its own nodeid"));
                }
            }
        }
    }

    private static void twoNode(ClusterConf conf, List<Finding> findings) {
        Section cman = conf.cman();
        if (!cman.flag("two_node", false) || conf.nodes().isEmpty()) {
            return;
        }
        long voteSum = conf.nodes().stream().mapToLong(ClusterNode::votes).sum();
        boolean oneVoteEach = conf.nodes().stream().allMatch(node -> node.votes() == 1);
        if (conf.nodes().size() != 2 || voteSum != 2 || !oneVoteEach) {
            findings.add(error(cman.location(), "cman", "the two-node option requires exactly two nodes with one "
                    + "vote each and expected votes of 1 (node_count=" + conf.nodes().size() + " vote_sum="
                    + voteSum + ")", "remove two_node=\"1\" or define exactly two clusternodes with votes=\"1\""));
        }
        long expected = cman.number("expected_votes").orElse(-1);
        if (expected != 1) {
            findings.add(error(cman.location(), "cman", expected < 0
                    ? "two_node is set but expected_votes is not; two-node mode needs expected_votes=\"1\""
                    : "expected_votes value (" + expected + ") invalid in two node mode",
                    "set expected_votes=\"1\" in <cman>"));
        }
    }

    private static void transport(ClusterConf conf, List<Finding> findings) {
        if (conf.totem().get("transport").isPresent()) {
            findings.add(error(conf.totem().location(), "totem", "Transport should not be specified within "
                    + "<totem .../>, use <cman transport=\"...\" /> instead",
                    "move transport=\"" + conf.totem().get("transport").get() + "\" from <totem> to <cman>"));
        }
        Section cman = conf.cman();
        String transport = cman.get("transport").orElse("udp");
        if (cman.get("broadcast").map("yes"::equals).orElse(false)
                && (transport.equals("udpu") || transport.equals("rdma"))) {
            findings.add(error(cman.location(), "cman", "Transport and broadcast option are mutually exclusive",
                    "remove broadcast=\"yes\" or transport=\"" + transport + "\""));
        }
    }

    private static void rings(ClusterConf conf, List<Finding> findings) {
        boolean anyAlt = conf.nodes().stream().anyMatch(node -> !node.altnames().isEmpty());
        for (ClusterNode node : conf.nodes()) {
            if (node.altnames().size() + 1 > RINGS_MAX) {
                findings.add(error(node.altnames().get(1).location(), "altname",
                        "Configuration of more than 2 rings is not supported",
                        "keep one <altname> per clusternode"));
            } else if (anyAlt && node.altnames().isEmpty()) {
                findings.add(new Finding(Kind.WARNING, node.section().location(), "clusternode",
                        "node " + node.name() + " has no altname while other nodes do; it will not be on ring 1",
                        "add <altname name=\"...\"/> to every clusternode or to none"));
            }
        }
        if (anyAlt && conf.totem().get("rrp_mode").map("none"::equals).orElse(false)) {
            findings.add(new Finding(Kind.WARNING, conf.totem().location(), "totem",
                    "rrp_mode=\"none\" with altnames configured: the second ring is not used",
                    "set rrp_mode=\"active\" or \"passive\", or remove the altnames"));
        }
    }

    private static void fencing(ClusterConf conf, List<Finding> findings) {
        Map<String, FenceDevice> devices = new TreeMap<>();
        for (FenceDevice device : conf.fenceDevices()) {
            FenceDevice same = devices.putIfAbsent(device.name(), device);
            if (same != null) {
                findings.add(error(device.location(), "fencedevice", "Duplicate fencedevice name " + device.name()
                        + " (first at line " + same.location().line() + ")", "give each fencedevice a unique name"));
            }
        }
        for (ClusterNode node : conf.nodes()) {
            if (node.fenceMethods().size() > FENCE_METHODS_MAX) {
                findings.add(error(node.fenceMethods().get(FENCE_METHODS_MAX).location(), "method",
                        "node " + node.name() + " has more than " + FENCE_METHODS_MAX + " fence methods",
                        "fenced tries at most " + FENCE_METHODS_MAX + " methods; remove the extra ones"));
            }
            if (node.fenceMethods().isEmpty() && conf.nodes().size() > 1) {
                findings.add(new Finding(Kind.WARNING, node.section().location(), "clusternode",
                        "node " + node.name() + " has no fence method; if it fails, recovery waits forever",
                        "add <fence><method name=\"1\"><device name=\"...\"/></method></fence>"));
            }
            for (FenceMethod method : node.fenceMethods()) {
                if (method.devices().size() > FENCE_DEVICES_PER_METHOD_MAX) {
                    findings.add(error(method.location(), "method", "method " + method.name() + " of node "
                            + node.name() + " has more than " + FENCE_DEVICES_PER_METHOD_MAX + " devices",
                            "split the devices over several methods"));
                }
                method.devices().forEach(use -> deviceReference(use, devices, findings));
            }
            node.unfence().forEach(use -> deviceReference(use, devices, findings));
        }
    }

    private static void deviceReference(FenceDeviceUse use, Map<String, FenceDevice> devices, List<Finding> findings) {
        if (!use.name().isEmpty() && !devices.containsKey(use.name())) {
            String known = devices.isEmpty() ? "none is defined" : "defined: " + String.join(", ", devices.keySet());
            findings.add(error(use.location(), "device", "fence device " + use.name()
                    + " is not defined in <fencedevices>", "define <fencedevice name=\"" + use.name()
                    + "\" agent=\"...\"/> or use a defined name (" + known + ")"));
        }
    }

    private static void timeouts(ClusterConf conf, List<Finding> findings) {
        Section totem = conf.totem();
        for (String key : List.of("token", "join", "consensus", "merge", "downcheck", "token_retransmit", "hold")) {
            totem.number(key).ifPresent(value -> {
                if (value < TIMEOUT_MINIMUM_MS) {
                    findings.add(error(totem.location(), "totem", "The " + key + " timeout parameter (" + value
                            + " ms) may not be less than (" + TIMEOUT_MINIMUM_MS + " ms)",
                            "set " + key + " to at least " + TIMEOUT_MINIMUM_MS));
                }
            });
        }
        long join = totem.number("join", Defaults.JOIN_MS);
        totem.number("consensus").ifPresent(consensus -> {
            if (consensus >= TIMEOUT_MINIMUM_MS && consensus < join) {
                findings.add(error(totem.location(), "totem", "The consensus timeout parameter (" + consensus
                        + " ms) must be greater than the join timeout parameter (" + join + " ms)",
                        "raise consensus above join, or remove it to let cman derive it"));
            }
        });
        long windowSize = totem.number("window_size", 50);
        totem.number("max_messages").ifPresent(maxMessages -> {
            if (maxMessages > windowSize) {
                findings.add(error(totem.location(), "totem", "max_messages (" + maxMessages
                        + ") may not be greater than window_size (" + windowSize + ")",
                        "lower max_messages or raise window_size"));
            }
        });
    }

    private static void quorumd(ClusterConf conf, List<Finding> findings) {
        if (conf.quorumd().isEmpty()) {
            return;
        }
        Section quorumd = conf.quorumd().get().section();
        if (quorumd.get("label").isEmpty() && quorumd.get("device").isEmpty()) {
            findings.add(error(quorumd.location(), "quorumd", "quorumd needs a label or a device",
                    "add label=\"...\" (the label given to mkqdisk -l)"));
        }
        if (conf.quorumd().get().heuristics().size() > HEURISTICS_MAX) {
            findings.add(error(conf.quorumd().get().heuristics().get(HEURISTICS_MAX).location(), "heuristic",
                    "more than " + HEURISTICS_MAX + " heuristics", "qdiskd uses at most " + HEURISTICS_MAX));
        }
        long token = conf.totem().number("token", Defaults.TOKEN_MS);
        if (token < QDISK_TOKEN_MINIMUM_MS) {
            findings.add(error(conf.totem().location(), "totem", "Token timeout " + token
                    + " is too fast to use with qdiskd!", "set <totem token=\"10000\"/> or more"));
            return;
        }
        long interval = Math.max(1, quorumd.number("interval", 1));
        long tko = quorumd.number("tko").orElse((token / 1000 - interval) / 2);
        long masterWait = quorumd.number("master_wait").orElse(tko / 2);
        long upgradeWait = Math.max(1, quorumd.number("upgrade_wait", 2));
        if (interval * (tko + masterWait + upgradeWait) * 1000 >= token) {
            findings.add(error(quorumd.location(), "quorumd",
                    "Quorum disk timings are too slow for configured token timeout",
                    "interval * (tko + master_wait + upgrade_wait) must stay under the token timeout ("
                            + token + " ms); lower tko or raise the totem token"));
        }
        boolean votesGiven = quorumd.get("votes").isPresent();
        if (!votesGiven && conf.nodes().stream().anyMatch(node -> node.votes() != 1)) {
            findings.add(error(quorumd.location(), "quorumd",
                    "Set all node vote counts to 1 or specify qdiskd's votes", "add votes=\"N\" to <quorumd>"));
        }
    }

    /** votequorum's own start-up refusals for its options (Corral extensions on {@code <cman>}). */
    private static void votequorum(ClusterConf conf, List<Finding> findings) {
        Section cman = conf.cman();
        boolean atb = cman.flag("auto_tie_breaker", false);
        if (atb && cman.flag("two_node", false)) {
            findings.add(error(cman.location(), "cman",
                    "two_node and auto_tie_breaker are both specified but are not compatible.",
                    "two_node decides a split by the fence race, auto_tie_breaker by node id: keep one"));
        }
        if (conf.quorumd().isPresent() && cman.flag("last_man_standing", false)) {
            findings.add(error(cman.location(), "cman",
                    "configuration error: quorum device is not compatible with last_man_standing",
                    "remove last_man_standing=\"1\" or the <quorumd> section"));
        }
        if (conf.quorumd().isPresent() && atb) {
            findings.add(error(cman.location(), "cman",
                    "configuration error: quorum device is not compatible with auto_tie_breaker",
                    "remove auto_tie_breaker=\"1\" or the <quorumd> section"));
        }
        String nodesWord = cman.get("auto_tie_breaker_node").map(String::trim).orElse("lowest");
        if (!nodesWord.equals("lowest") && !nodesWord.equals("highest") && !conf.nodes().isEmpty()) {
            List<Long> known = conf.nodes().stream().filter(n -> n.nodeId().isPresent())
                    .map(n -> n.nodeId().getAsLong()).toList();
            for (String id : nodesWord.split(" +")) {
                if (id.matches("[0-9]{1,4}") && !known.contains(Long.parseLong(id))) {
                    findings.add(error(cman.location(), "cman", "auto_tie_breaker_node names node id " + id
                            + ", which is not a clusternode", "list the nodeids of configured clusternodes"));
                }
            }
        }
    }

    private static void uidgid(ClusterConf conf, List<Finding> findings) {
        for (var element : conf.source().children("uidgid")) {
            if (!element.attributes().containsKey("uid") && !element.attributes().containsKey("gid")) {
                findings.add(error(element.location(), "uidgid", "uidgid needs a uid or a gid",
                        "add gid=\"haclient\" (a group name or number) or uid=\"...\""));
            }
        }
    }

    private static Finding error(Location location, String element, String message, String hint) {
        return new Finding(Kind.SEMANTIC_ERROR, location, element, message, hint);
    }
}
