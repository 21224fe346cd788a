package org.corral.cpg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.corral.totem.core.NodeId;
import org.junit.jupiter.api.Test;

/**
 * CPG engines on the real totem processor (through its public contract only) over a perfect
 * simulated network in virtual time: the ring forms, processes on three nodes join and multicast
 * and agree on the order, a crashed node's processes leave with NODEDOWN, and the restarted node
 * catches up with the groups and its new process joins cleanly.
 */
class RealTotemTest {
    private final RealTotemNet net = new RealTotemNet(1);

    private List<CpgEffect.ConfChg> confchgs(long client) {
        List<CpgEffect.ConfChg> found = new ArrayList<>();
        net.callbacks.getOrDefault(client, List.of()).forEach(e -> {
            if (e instanceof CpgEffect.ConfChg c) {
                found.add(c);
            }
        });
        return found;
    }

    private List<String> messages(long client) {
        List<String> found = new ArrayList<>();
        net.callbacks.getOrDefault(client, List.of()).forEach(e -> {
            if (e instanceof CpgEffect.Deliver d) {
                found.add(d.sender() + "/" + new String(d.payload()));
            }
        });
        return found;
    }

    private List<ProcessId> lastMembers(long client) {
        List<CpgEffect.ConfChg> all = confchgs(client);
        return all.isEmpty() ? List.of() : all.get(all.size() - 1).members();
    }

    private CpgEngine engine(int node) {
        return net.engines.get(NodeId.of(node));
    }

    @Test
    void cpgOverTheRealTotemProcessor() {
        for (int id = 1; id <= 3; id++) {
            net.start(NodeId.of(id));
        }
        net.runUntil(net::allActiveTogether, 60_000, "a ring of three with CPG active");
        GroupName group = GroupName.of("dlm:controld");
        long[] clients = {101, 201, 301};
        for (long client : clients) {
            CpgEngine engine = engine((int) (client / 100));
            assertEquals(CsError.OK, engine.connect(client, (int) client, true));
            assertEquals(CsError.OK, engine.join(client, group));
        }
        List<ProcessId> all = List.of(ProcessId.of(1, 101), ProcessId.of(2, 201), ProcessId.of(3, 301));
        net.runUntil(() -> lastMembers(101).equals(all) && lastMembers(201).equals(all) && lastMembers(301).equals(all),
                10_000, "three members in every view");

        int[] sent = new int[3];
        net.runUntil(() -> {
            for (int i = 0; i < 3; i++) {
                while (sent[i] < 50 && engine(i + 1).mcast(clients[i], ("m" + sent[i]).getBytes()) == CsError.OK) {
                    sent[i]++;
                }
                net.drain(NodeId.of(i + 1));
            }
            return messages(101).size() == 150 && messages(201).size() == 150 && messages(301).size() == 150;
        }, 60_000, "150 messages everywhere");
        assertEquals(messages(101), messages(201));
        assertEquals(messages(101), messages(301));

        net.crash(NodeId.of(3));
        net.runUntil(net::allActiveTogether, 60_000, "a ring of two after the crash");
        for (long client : new long[] {101, 201}) {
            CpgEffect.ConfChg last = confchgs(client).get(confchgs(client).size() - 1);
            assertEquals(List.of(new CpgAddress(ProcessId.of(3, 301), Reason.NODEDOWN)), last.left());
            assertEquals(List.of(ProcessId.of(1, 101), ProcessId.of(2, 201)), last.members());
        }

        net.start(NodeId.of(3));
        net.runUntil(() -> net.allActiveTogether() && net.up().size() == 3, 60_000, "node 3 back in the ring");
        assertEquals(engine(1).groups(), engine(3).groups());
        assertEquals(CsError.OK, engine(3).connect(302, 302, false));
        assertEquals(CsError.OK, engine(3).join(302, group));
        List<ProcessId> again = List.of(ProcessId.of(1, 101), ProcessId.of(2, 201), ProcessId.of(3, 302));
        net.runUntil(() -> lastMembers(101).equals(again) && lastMembers(302).equals(again), 10_000, "the new process joined");
        assertEquals(List.of(new CpgAddress(ProcessId.of(3, 302), Reason.JOIN)),
                confchgs(201).get(confchgs(201).size() - 1).joined());
        assertTrue(net.warnings.isEmpty(), net.warnings.toString());
    }
}
