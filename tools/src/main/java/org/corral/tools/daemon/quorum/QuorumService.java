package org.corral.tools.daemon.quorum;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.corral.conf.core.EffectiveConfig;
import org.corral.quorum.core.NodeState;
import org.corral.quorum.core.QuorumConfig;
import org.corral.quorum.core.QuorumView;
import org.corral.quorum.core.Votes;
import org.corral.quorum.format.CmanNodesFormatter;
import org.corral.quorum.format.CmanStatus;
import org.corral.quorum.format.CmanStatusFormatter;
import org.corral.quorum.format.JsonFormatter;
import org.corral.quorum.format.QuorumtoolFormatter;
import org.corral.quorum.format.QuorumtoolStatus;
import org.corral.quorum.format.Snapshots;
import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.corral.tools.ipc.Service;

/**
 * The quorum namespace of corrald's socket (what libcman answered cman_tool). Reads:
 * {@code status [json]}, {@code nodes [-a] [-n name]... [-F fields] [--json]}, {@code quorumtool},
 * {@code info}. Changes (privileged peers only): {@code expected N}, {@code votes N [node]},
 * {@code leave [remove]}, {@code kill node}. The formatted text comes back one line per answer
 * line, so the commands only print it.
 */
final class QuorumService implements ControlService {
    static final String EINVAL = "Invalid argument";
    private final QuorumPlugin plugin;

    QuorumService(QuorumPlugin plugin) {
        this.plugin = plugin;
    }

    @Override
    public Service service() {
        return Service.QUORUM;
    }

    @Override
    public boolean changes(String command) {
        return switch (command) {
            case "expected", "votes", "leave", "kill", "reload" -> true;
            default -> false;
        };
    }

    @Override
    public Answer handle(Peer peer, String command, List<String> arguments) {
        return switch (command) {
            case "status" -> Answer.okText(arguments.contains("json") ? JsonFormatter.status(status())
                    : CmanStatusFormatter.format(status()));
            case "nodes" -> nodes(arguments);
            case "quorumtool" -> Answer.okText(QuorumtoolFormatter.format(quorumtool(), ZoneId.systemDefault(),
                    QuorumtoolFormatter.RingIdStyle.COROSYNC_2));
            case "info" -> info();
            case "expected" -> expected(arguments);
            case "votes" -> votes(arguments);
            case "leave" -> {
                plugin.requestLeave(arguments.contains("remove"));
                yield Answer.ok(List.of());
            }
            case "kill" -> kill(arguments);
            case "reload" -> {
                var local = plugin.readLocalConfig();
                if (local.getKey() < 0) {
                    yield Answer.error(Answer.ERR_INVALID_PARAM, String.valueOf(local.getValue()));
                }
                if (local.getKey() <= plugin.engine().config().configVersion()) {
                    yield Answer.error(Answer.ERR_INVALID_PARAM,
                            "New configuration version has to be newer than current running configuration");
                }
                plugin.send(QuorumMessages.reload(local.getKey()));
                yield Answer.ok(List.of());
            }
            default -> Answer.unknown(command);
        };
    }

    private Answer info() {
        QuorumView view = plugin.engine().view();
        QuorumConfig config = plugin.engine().config();
        return Answer.ok(List.of("quorate\t" + (view.quorate() ? 1 : 0), "nodeid\t" + plugin.self(),
                "name\t" + plugin.daemonConfig().nodeName(), "members\t" + view.memberCount(),
                "version\t" + config.configVersion(), "cluster\t" + config.clusterName(),
                "twonode\t" + (config.twoNode() ? 1 : 0)));
    }

    private Answer expected(List<String> arguments) {
        if (arguments.size() != 1) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        int expected;
        try {
            expected = Integer.parseInt(arguments.get(0));
        } catch (NumberFormatException e) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        // cman checks against the votes present before it broadcasts; the engine checks again in order.
        QuorumView view = plugin.engine().view();
        int total = view.totalVotes();
        int quorum = expected < 1 ? 0 : Votes.quorum(expected, total, view.twoNode(), view.memberCount());
        if (expected < 1 || expected > Votes.TOTAL_VOTES_MAX || quorum < total / 2 || quorum > total) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        plugin.send(QuorumMessages.expected(expected));
        return Answer.ok(List.of());
    }

    private Answer votes(List<String> arguments) {
        if (arguments.isEmpty() || arguments.size() > 2) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        int votes;
        try {
            votes = Integer.parseInt(arguments.get(0));
        } catch (NumberFormatException e) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        int nodeId = arguments.size() == 2 ? nodeIdOf(arguments.get(1)) : plugin.self();
        if (nodeId <= 0 || votes < 0 || votes > Votes.NODE_VOTES_MAX) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        plugin.send(QuorumMessages.votes(nodeId, votes));
        return Answer.ok(List.of());
    }

    private Answer kill(List<String> arguments) {
        if (arguments.size() != 1) {
            return Answer.error(Answer.ERR_INVALID_PARAM, EINVAL);
        }
        int nodeId = nodeIdOf(arguments.get(0));
        if (nodeId <= 0 || !plugin.ringMembers().contains(nodeId)) {
            return Answer.error(Answer.ERR_NOT_EXIST, "No such node");
        }
        plugin.send(QuorumMessages.kill(nodeId, plugin.self()));
        return Answer.ok(List.of());
    }

    /** A node name (or a number) to its id; 0 when unknown. */
    int nodeIdOf(String name) {
        for (EffectiveConfig.Node node : plugin.daemonConfig().effective().nodes()) {
            if (node.name().equals(name)) {
                return (int) node.nodeId().orElse(0);
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Answer nodes(List<String> arguments) {
        boolean addresses = false;
        boolean json = false;
        List<String> names = new ArrayList<>();
        String fields = null;
        for (int i = 0; i < arguments.size(); i++) {
            String arg = arguments.get(i);
            switch (arg) {
                case "-a" -> addresses = true;
                case "--json" -> json = true;
                case "-n", "-F" -> {
                    if (i + 1 >= arguments.size()) {
                        return Answer.error(Answer.ERR_INVALID_PARAM, "option " + arg + " needs a value");
                    }
                    if (arg.equals("-n")) {
                        if (names.size() == CmanNodesFormatter.NODE_NAMES_MAX) {
                            return Answer.error(Answer.ERR_INVALID_PARAM, "Too many node names specified");
                        }
                        names.add(arguments.get(++i));
                    } else {
                        fields = arguments.get(++i);
                    }
                }
                default -> {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "unknown nodes option '" + arg + "'");
                }
            }
        }
        QuorumView view = plugin.engine().view();
        var rows = Snapshots.nodes(view, nodeFacts(), 0);
        if (json) {
            return Answer.okText(JsonFormatter.nodes(rows, ZoneId.systemDefault()));
        }
        return Answer.okText(CmanNodesFormatter.format(rows, Snapshots.disallowedCount(view),
                new CmanNodesFormatter.Options(addresses, names, fields), ZoneId.systemDefault()));
    }

    private Map<Integer, Snapshots.NodeFacts> nodeFacts() {
        Map<Integer, Snapshots.NodeFacts> facts = new TreeMap<>();
        Map<Integer, String> addresses = plugin.daemonConfig().nodeAddresses();
        for (EffectiveConfig.Node node : plugin.daemonConfig().effective().nodes()) {
            int id = (int) node.nodeId().orElse(0);
            String address = addresses.get(id);
            facts.put(id, new Snapshots.NodeFacts(node.name(), address == null ? List.of() : List.of(address),
                    plugin.incarnation().getOrDefault(id, 0), plugin.joinedEpoch().getOrDefault(id, 0L)));
        }
        return facts;
    }

    CmanStatus status() {
        QuorumView view = plugin.engine().view();
        QuorumConfig config = plugin.engine().config();
        EffectiveConfig effective = plugin.daemonConfig().effective();
        List<String> multicast = new ArrayList<>();
        for (EffectiveConfig.Ring ring : effective.rings()) {
            multicast.add(ring.multicastAddress());
        }
        List<String> own = new ArrayList<>();
        plugin.daemonConfig().net().rings().forEach(r -> own.add(r.bind().getHostAddress()));
        long generation = plugin.ring().map(r -> r.seq()).orElse(0L);
        int state = view.nodes().stream().anyMatch(n -> n.nodeId() == plugin.self() && n.state() == NodeState.MEMBER)
                ? 2 : 1;
        return Snapshots.status(view, new Snapshots.DaemonFacts(config.clusterName(), config.clusterId(),
                config.configVersion(), generation, state, plugin.activeSubsystems(), List.of(0),
                plugin.daemonConfig().nodeName(), multicast, own), nodeFacts());
    }

    private QuorumtoolStatus quorumtool() {
        QuorumView view = plugin.engine().view();
        EnumSet<QuorumtoolStatus.Flag> flags = EnumSet.noneOf(QuorumtoolStatus.Flag.class);
        if (view.twoNode()) {
            flags.add(QuorumtoolStatus.Flag.TWO_NODE);
        }
        if (view.quorate()) {
            flags.add(QuorumtoolStatus.Flag.QUORATE);
        }
        if (view.options().waitForAll()) {
            flags.add(QuorumtoolStatus.Flag.WAIT_FOR_ALL);
        }
        if (view.options().lastManStanding()) {
            flags.add(QuorumtoolStatus.Flag.LAST_MAN_STANDING);
        }
        if (view.options().autoTieBreaker()) {
            flags.add(QuorumtoolStatus.Flag.AUTO_TIE_BREAKER);
        }
        Map<Integer, Snapshots.NodeFacts> facts = nodeFacts();
        List<QuorumtoolStatus.Member> members = new ArrayList<>();
        for (QuorumView.Node node : view.nodes()) {
            if (node.state() == NodeState.MEMBER) {
                String name = facts.containsKey(node.nodeId()) ? facts.get(node.nodeId()).name() : "Node" + node.nodeId();
                members.add(new QuorumtoolStatus.Member(node.nodeId(), node.votes(), name, null));
            }
        }
        long representative = plugin.ring().map(r -> (long) r.representative().value()).orElse(0L);
        long seq = plugin.ring().map(r -> r.seq()).orElse(0L);
        QuorumConfig config = plugin.engine().config();
        return new QuorumtoolStatus(System.currentTimeMillis() / 1000, "quorum_cman", view.memberCount(), plugin.self(),
                representative, seq, view.quorate(), config.expectedVotes(), view.expectedVotes(), view.totalVotes(),
                view.quorum(), flags, members, null);
    }
}
