package org.corral.cpg.client;

import java.util.Arrays;
import java.util.List;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;

/**
 * A measurement, not a test: agreed messages per second through the whole local path on one
 * thread (CpgClient, IPC frames both ways, CpgIpcHandler, three engines, the fake totem), one
 * client per node sending until TRY_AGAIN. Run:
 * {@code java -cp cpg/target/classes:cpg/target/test-classes:<totem jar> org.corral.cpg.client.ClientThroughput [bytes] [seconds]}
 */
final class ClientThroughput {
    private ClientThroughput() {}

    public static void main(String[] args) throws Exception {
        int bytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        CpgClientTest.LoopbackCluster cluster = new CpgClientTest.LoopbackCluster(256);
        long[] received = {0};
        CpgCallbacks counting = new CpgCallbacks() {
            public void deliver(GroupName group, ProcessId sender, byte[] message) {
                received[0]++;
            }

            public void confchg(GroupName group, List<ProcessId> members, List<CpgAddress> left, List<CpgAddress> joined) {}
        };
        CpgClient[] clients = new CpgClient[3];
        for (int i = 0; i < 3; i++) {
            clients[i] = cluster.client(i + 1, 100 + i, counting);
            clients[i].join("bench");
        }
        cluster.settle();
        byte[] payload = new byte[bytes];
        int rounds = 6;
        double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long sent = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                for (int batch = 0; batch < 100; batch++) {
                    for (CpgClient client : clients) {
                        if (client.mcast(payload) == CsError.OK) {
                            sent++;
                        }
                    }
                }
                cluster.settle();
                for (CpgClient client : clients) {
                    client.dispatch(DispatchMode.ALL);
                }
            }
            rates[round] = sent / ((System.nanoTime() - start) / 1e9);
            System.out.printf("%d B: %.0f agreed msgs/s through clients, IPC and 3 engines, run %d%n", bytes, rates[round], round + 1);
        }
        double[] measured = Arrays.copyOfRange(rates, 1, rounds);
        Arrays.sort(measured);
        System.out.printf("%d B: median %.0f msgs/s (min %.0f, max %.0f) over runs 2..%d, %d callbacks%n", bytes,
                measured[measured.length / 2], measured[0], measured[measured.length - 1], rounds, received[0]);
    }
}
