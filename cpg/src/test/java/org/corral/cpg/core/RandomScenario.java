package org.corral.cpg.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.corral.cpg.core.CpgCluster.Client;
import org.corral.totem.core.NodeId;

/**
 * A random run derived from one seed: clients connect, join, leave, multicast and disconnect
 * while the network partitions, heals and nodes crash and restart (also in the middle of a
 * sync); at the end every node is restarted, the network healed and the cluster settled.
 * Replay a failure with {@code run(seed, ...)}.
 */
final class RandomScenario {
    private static final String[] GROUPS = {"alpha", "beta", "gamma"};

    private RandomScenario() {}

    static CpgCluster run(long seed, CpgNode.Factory factory, int actions) {
        Random random = new Random(seed);
        int nodes = 2 + random.nextInt(4);
        CpgCluster cluster = new CpgCluster(nodes, 1 + random.nextInt(24), factory);
        cluster.totem.transitionalDeliveries(new Random(seed ^ 0x5DEECE66DL));
        cluster.settle(random);
        for (int i = 0; i < actions; i++) {
            act(cluster, random);
        }
        cluster.healAndSettle(random);
        return cluster;
    }

    private static void act(CpgCluster cluster, Random random) {
        List<NodeId> up = cluster.totem.upNodes();
        List<Client> connected = cluster.connectedClients();
        int dice = random.nextInt(100);
        if (dice < 7 && connected.size() < 4 * up.size()) {
            cluster.connect(up.get(random.nextInt(up.size())).value());
        } else if (dice < 19 && !connected.isEmpty()) {
            cluster.join(pick(connected, random), GROUPS[random.nextInt(GROUPS.length)]);
        } else if (dice < 22 && !connected.isEmpty()) {
            Client client = pick(connected, random);
            if (client.group != null) {
                cluster.leave(client);
            }
        } else if (dice < 60 && !connected.isEmpty()) {
            cluster.mcast(pick(connected, random), random.nextInt(10) == 0 ? 4096 : random.nextInt(64));
        } else if (dice < 63 && !connected.isEmpty()) {
            cluster.disconnect(pick(connected, random));
        } else if (dice < 92) {
            cluster.run(random, 1 + random.nextInt(12));
        } else if (dice < 95) {
            partition(cluster, up, random);
        } else if (dice < 97) {
            cluster.heal();
        } else if (dice < 98 && up.size() >= 2) {
            cluster.crash(up.get(random.nextInt(up.size())), random.nextInt(3));
        } else {
            for (NodeId node : cluster.crashedAtStep.keySet()) {
                if (!cluster.totem.isUp(node)) {
                    cluster.start(node);
                    break;
                }
            }
        }
    }

    private static void partition(CpgCluster cluster, List<NodeId> up, Random random) {
        List<NodeId> shuffled = new ArrayList<>(up);
        Collections.shuffle(shuffled, random);
        int parts = 1 + random.nextInt(Math.min(3, shuffled.size()));
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < shuffled.size(); i++) {
            groups.get(i < parts ? i : random.nextInt(parts)).add(shuffled.get(i).value());
        }
        cluster.partition(groups);
    }

    private static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
