package org.corral.quorum.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.corral.quorum.core.NodeState;
import org.corral.quorum.core.QuorumView;

/**
 * Builds the formatters' records from the quorum engine's view plus the facts only the daemon
 * knows (names, addresses, ports, join times), so the daemon does not have to re-derive cman's
 * display rules: the quorum device line only while it is alive, node 0 for the device, the
 * 2node and DisallowedNodes flags, and the votequorum options' flags (Corral extensions).
 */
public final class Snapshots {
    private Snapshots() {}

    /** What the daemon knows about the cluster and this node, beyond the quorum engine. */
    public record DaemonFacts(String clusterName, int clusterId, int configVersion, long clusterGeneration,
            int membershipState, int activeSubsystems, List<Integer> portsBound, String nodeName,
            List<String> multicastAddresses, List<String> nodeAddresses) {}

    /** One node's name, addresses, incarnation and join time (epoch seconds, 0 if unknown). */
    public record NodeFacts(String name, List<String> addresses, int incarnation, long joinedEpochSeconds) {}

    public static CmanStatus status(QuorumView view, DaemonFacts facts, Map<Integer, NodeFacts> nodeFacts) {
        EnumSet<CmanStatus.Flag> flags = EnumSet.noneOf(CmanStatus.Flag.class);
        if (view.twoNode()) {
            flags.add(CmanStatus.Flag.TWO_NODE);
        }
        List<String> disallowed = new ArrayList<>();
        for (QuorumView.Node node : view.nodes()) {
            if (node.state() == NodeState.DISALLOWED) {
                NodeFacts known = nodeFacts.get(node.nodeId());
                disallowed.add(known != null ? known.name() : "Node" + node.nodeId());
            }
        }
        if (!disallowed.isEmpty()) {
            flags.add(CmanStatus.Flag.DISALLOWED_NODES);
        }
        if (view.options().waitForAll()) {
            flags.add(CmanStatus.Flag.WAIT_FOR_ALL);
        }
        if (view.options().lastManStanding()) {
            flags.add(CmanStatus.Flag.LAST_MAN_STANDING);
        }
        if (view.options().autoTieBreaker()) {
            flags.add(CmanStatus.Flag.AUTO_TIE_BREAKER);
        }
        OptionalInt qdiskVotes = view.qdisk().filter(QuorumView.Qdisk::alive)
                .map(q -> OptionalInt.of(q.votes())).orElse(OptionalInt.empty());
        return new CmanStatus(CmanStatus.VERSION_MAJOR, CmanStatus.VERSION_MINOR, CmanStatus.VERSION_PATCH,
                facts.configVersion(), facts.clusterName(), facts.clusterId(), facts.clusterGeneration(),
                facts.membershipState(), view.memberCount(), view.expectedVotes(), qdiskVotes, view.totalVotes(),
                view.localVotes(), view.quorum(), view.quorate(), facts.activeSubsystems(), flags, facts.portsBound(),
                facts.nodeName(), view.localNodeId(), facts.multicastAddresses(), facts.nodeAddresses(), disallowed);
    }

    /** The rows of cman_tool nodes: the quorum device as node 0, then every known node. */
    public static List<CmanNode> nodes(QuorumView view, Map<Integer, NodeFacts> nodeFacts, long qdiskJoinedEpochSeconds) {
        List<CmanNode> rows = new ArrayList<>();
        view.qdisk().ifPresent(q -> rows.add(new CmanNode(0, q.alive() ? 1 : 0, 0, qdiskJoinedEpochSeconds, q.name(),
                List.of(), q.votes(), 0, q.alive() ? CmanNode.State.MEMBER : CmanNode.State.DEAD)));
        for (QuorumView.Node node : view.nodes()) {
            NodeFacts known = nodeFacts.getOrDefault(node.nodeId(),
                    new NodeFacts("Node" + node.nodeId(), List.of(), 0, 0));
            rows.add(new CmanNode(node.nodeId(), membership(node.state()), known.incarnation(),
                    known.joinedEpochSeconds(), known.name(), known.addresses(), node.votes(), node.expectedVotes(),
                    state(node.state())));
        }
        return rows;
    }

    public static int disallowedCount(QuorumView view) {
        return (int) view.nodes().stream().filter(n -> n.state() == NodeState.DISALLOWED).count();
    }

    private static int membership(NodeState state) {
        return switch (state) {
            case MEMBER, JOINING, LEAVING -> 1;
            case DISALLOWED -> 2;
            case DEAD -> 0;
        };
    }

    private static CmanNode.State state(NodeState state) {
        return switch (state) {
            case JOINING -> CmanNode.State.JOINING;
            case MEMBER -> CmanNode.State.MEMBER;
            case LEAVING -> CmanNode.State.LEAVING;
            case DEAD -> CmanNode.State.DEAD;
            case DISALLOWED -> CmanNode.State.DISALLOWED;
        };
    }
}
