package org.corral.cpg.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.cpg.core.CpgCluster.Client;
import org.corral.cpg.core.CpgCluster.Item;
import org.corral.cpg.core.CpgCluster.Msg;
import org.corral.cpg.core.CpgCluster.RingCallback;
import org.corral.cpg.core.CpgCluster.View;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/**
 * Checks a {@link CpgCluster}'s recorded callbacks against the CPG guarantees, from the ground
 * truth the harness keeps (which totem step delivered which message, who was connected when):
 * <ol>
 *   <li>agreed order: every client gets each message at the very totem step that delivered it,
 *       at most once, only from a member of its current view, only while it is a member;</li>
 *   <li>view agreement: a view (step, group, members) installed by one client is installed at the
 *       same step, identically, by every member that is still connected;</li>
 *   <li>virtual synchrony: clients that install the same view and then the same next view
 *       delivered the same messages, in the same order, in between;</li>
 *   <li>well-formed confchgs: the member list is the previous one less left plus joined, and
 *       holds the receiver unless the receiver itself left;</li>
 *   <li>no engine ever finds a peer's message malformed or at odds with its view;</li>
 *   <li>once settled: every engine active in one ring with identical groups, each connected
 *       client's last view equal to the engines' view, its last ring callback the final ring,
 *       and every message it sent delivered back to it.</li>
 * </ol>
 */
final class CpgChecker {
    private final CpgCluster cluster;
    private final List<String> violations = new ArrayList<>();
    private final Map<ProcessId, Client> byProcess = new TreeMap<>();
    private final Map<String, Set<Long>> installers = new LinkedHashMap<>();

    private CpgChecker(CpgCluster cluster) {
        this.cluster = cluster;
        cluster.clients.values().forEach(c -> byProcess.put(c.process(), c));
    }

    /** Every violation found; empty when the run kept every guarantee. */
    static List<String> check(CpgCluster cluster, boolean settled) {
        CpgChecker checker = new CpgChecker(cluster);
        for (Client client : cluster.clients.values()) {
            checker.checkClient(client);
        }
        for (Client client : cluster.clients.values()) {
            checker.checkAgreement(client);
        }
        checker.checkVirtualSynchrony(settled);
        for (String line : cluster.log) {
            if (line.contains("does not fit") || line.contains("malformed")) {
                checker.fail("an engine refused a peer's message in a correct run: " + line);
            }
        }
        if (settled) {
            checker.checkSettled();
        }
        return checker.violations;
    }

    private void fail(String text) {
        if (violations.size() < 20) {
            violations.add(text);
        }
    }

    private static String key(View view) {
        return view.step() + "|" + view.group() + "|" + view.members();
    }

    private static boolean leavesItself(View view, ProcessId self) {
        return view.left().stream().anyMatch(a -> a.process().equals(self));
    }

    private void checkClient(Client client) {
        ProcessId self = client.process();
        View current = null;
        Set<Long> seen = new HashSet<>();
        for (Item item : client.history) {
            if (item instanceof View view) {
                checkView(client, current, view);
                installers.computeIfAbsent(key(view), k -> new TreeSet<>()).add(client.id);
                current = leavesItself(view, self) ? null : view;
            } else if (item instanceof Msg msg) {
                if (!seen.add(msg.msgId())) {
                    fail(client + " got message " + msg.msgId() + " twice");
                }
                Long step = cluster.deliveredAtStep.get(msg.msgId());
                if (!Objects.equals(step, msg.step())) {
                    fail(client + " got message " + msg.msgId() + " at step " + msg.step() + " but totem delivered it at " + step);
                }
                if (current == null || !current.group().equals(msg.group()) || !current.members().contains(msg.sender())) {
                    fail(client + " got message " + msg.msgId() + " from " + msg.sender() + " outside its view " + current);
                }
            }
        }
    }

    private void checkView(Client client, View previous, View view) {
        ProcessId self = client.process();
        if (!new ArrayList<>(new TreeSet<>(view.members())).equals(view.members())) {
            fail(client + " got an unsorted member list " + view);
        }
        if (!view.members().contains(self) && !leavesItself(view, self)) {
            fail(client + " got a view without itself: " + view);
        }
        if (previous == null) {
            boolean joinsItself = view.joined().stream().anyMatch(a -> a.process().equals(self));
            if (!joinsItself) {
                fail(client + " got a first view that does not announce its own join: " + view);
            }
            return;
        }
        TreeSet<ProcessId> expected = new TreeSet<>(previous.members());
        view.left().forEach(a -> expected.remove(a.process()));
        view.joined().forEach(a -> expected.add(a.process()));
        if (!previous.group().equals(view.group()) || !new ArrayList<>(expected).equals(view.members())) {
            fail(client + " got " + view + " which is not " + previous.members() + " - left + joined");
        }
    }

    private void checkAgreement(Client client) {
        for (View view : CpgCluster.items(client, View.class)) {
            for (ProcessId member : view.members()) {
                Client other = byProcess.get(member);
                if (other == null || view.step() > other.goneAfterStep) {
                    continue;
                }
                if (!installers.getOrDefault(key(view), Set.of()).contains(other.id)) {
                    fail(client + " installed " + view + " but member " + other + " did not");
                }
            }
        }
    }

    private void checkVirtualSynchrony(boolean settled) {
        Map<String, List<Long>> segments = new LinkedHashMap<>();
        Map<String, Long> firstWitness = new LinkedHashMap<>();
        for (Client client : cluster.clients.values()) {
            String open = null;
            List<Long> messages = new ArrayList<>();
            for (Item item : client.history) {
                if (item instanceof View view) {
                    if (open != null) {
                        compareSegment(segments, firstWitness, open + " -> " + key(view), messages, client);
                    }
                    open = leavesItself(view, client.process()) ? null : key(view);
                    messages = new ArrayList<>();
                } else if (item instanceof Msg msg) {
                    messages.add(msg.msgId());
                }
            }
            if (settled && open != null && client.connected) {
                compareSegment(segments, firstWitness, open + " -> END", messages, client);
            }
        }
    }

    private void compareSegment(Map<String, List<Long>> segments, Map<String, Long> witness, String key,
                                List<Long> messages, Client client) {
        List<Long> known = segments.putIfAbsent(key, messages);
        witness.putIfAbsent(key, client.id);
        if (known != null && !known.equals(messages)) {
            fail("virtual synchrony: " + client + " delivered " + messages + " in view " + key
                    + " but client " + witness.get(key) + " delivered " + known);
        }
    }

    private void checkSettled() {
        SortedMap<GroupName, List<ProcessId>> reference = null;
        RingId ring = null;
        List<NodeId> up = cluster.totem.upNodes();
        for (Map.Entry<NodeId, CpgNode> entry : cluster.engines.entrySet()) {
            CpgNode engine = entry.getValue();
            if (engine.state() != CpgState.ACTIVE) {
                fail("node " + entry.getKey() + " is " + engine.state() + " after settling");
            }
            RingId nodeRing = cluster.totem.ringOf(entry.getKey());
            if (ring != null && !ring.equals(nodeRing)) {
                fail("node " + entry.getKey() + " in ring " + nodeRing + ", others in " + ring);
            }
            ring = nodeRing;
            if (reference == null) {
                reference = engine.groups();
            } else if (!reference.equals(engine.groups())) {
                fail("node " + entry.getKey() + " sees groups " + engine.groups() + ", node 1.. sees " + reference);
            }
        }
        if (reference == null) {
            return;
        }
        for (Client client : cluster.connectedClients()) {
            checkSettledClient(client, reference, ring, up);
        }
    }

    private void checkSettledClient(Client client, SortedMap<GroupName, List<ProcessId>> groups, RingId ring, List<NodeId> up) {
        View last = null;
        for (View view : CpgCluster.items(client, View.class)) {
            last = leavesItself(view, client.process()) ? null : view;
        }
        boolean inView = client.group != null && groups.getOrDefault(client.group, List.of()).contains(client.process());
        if ((last != null) != inView) {
            fail(client + " believes it is " + (last != null ? "" : "not ") + "a member, the engines disagree");
        }
        if (last != null && !last.members().equals(groups.get(last.group()))) {
            fail(client + " last view " + last.members() + " but the group is " + groups.get(last.group()));
        }
        List<RingCallback> rings = CpgCluster.items(client, RingCallback.class);
        if (rings.isEmpty() || !rings.get(rings.size() - 1).ring().equals(ring)
                || !rings.get(rings.size() - 1).members().equals(up)) {
            fail(client + " last ring callback " + (rings.isEmpty() ? "none" : rings.get(rings.size() - 1)) + ", ring is " + ring + " " + up);
        }
        Set<Long> received = new HashSet<>();
        CpgCluster.items(client, Msg.class).forEach(m -> received.add(m.msgId()));
        for (long sent : client.sent) {
            if (!received.contains(sent)) {
                fail(client + " never got back its own message " + sent);
            }
        }
    }
}
