package org.corral.fenced.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import org.corral.fence.agents.sim.ipmi.IpmiSimServer;
import org.corral.fence.agents.sim.ipmi.VirtualBmc;
import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.exec.AgentLocator;
import org.corral.fenced.exec.AgentRunner;
import org.corral.fenced.tool.FenceNode;

/**
 * Benchmarks of the fenced pieces that touch the real world (never run as a test):
 * the agent runner's own cost with a trivial sh agent, and fence_node end to end against the
 * virtual BMC with our fence_ipmilan and Debian's. Run with fenced/bench/fenced-bench.sh.
 */
public final class FencedBench {
    private FencedBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("fenced-bench");
        Path trivial = dir.resolve("usr/sbin/fence_true");
        Files.createDirectories(trivial.getParent());
        Files.writeString(trivial, "#!/bin/sh\ncat >/dev/null\nexit 0\n");
        Files.setPosixFilePermissions(trivial, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (AgentRunner runner = new AgentRunner(new AgentLocator(List.of(trivial.getParent())))) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < runs * 5; i++) {
                long start = System.nanoTime();
                runner.runNow(new RunAgent(i, Purpose.FENCE, "n", 1, 0, 0, "d", "fence_true",
                        List.of("nodename=n", "action=off"), 10_000));
                times.add((System.nanoTime() - start) / 1_000);
            }
            report("agent runner, sh agent that reads stdin and exits 0", times, "us");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path ours = dir.resolve("ours/usr/sbin/fence_ipmilan");
        Files.createDirectories(ours.getParent());
        Files.writeString(ours, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '"
                + System.getProperty("java.class.path") + "' org.corral.fence.agents.ipmi.FenceIpmilan \"$@\"\n");
        Files.setPosixFilePermissions(ours, PosixFilePermissions.fromString("rwxr-xr-x"));
        report("fence_node -> our fence_ipmilan (JVM per run) -> virtual BMC, action=off",
                fenceNodeRuns(dir.resolve("ours"), "/nonexistent", runs), "ms");
        if (Files.isExecutable(Path.of("/usr/sbin/fence_ipmilan"))) {
            Path debian = Files.createDirectories(dir.resolve("debian"));
            report("fence_node -> Debian fence_ipmilan (python, ipmitool) -> virtual BMC, action=off",
                    fenceNodeRuns(debian, "/usr/sbin:/usr/bin:/bin", runs), "ms");
        } else {
            System.out.println("Debian /usr/sbin/fence_ipmilan not installed: skipped");
        }
    }

    private static List<Long> fenceNodeRuns(Path root, String path, int runs) throws Exception {
        List<Long> times = new ArrayList<>();
        Files.createDirectories(root.resolve("etc/cluster"));
        for (int i = 0; i < runs; i++) {
            VirtualBmc bmc = new VirtualBmc(new VirtualBmc.Config(Map.of("admin", "fencepass"),
                    new TreeSet<>(List.of(3, 17)), HexFormat.of().parseHex("a123456789abcdefa123456789abcdef"), true),
                    true, new Random(i));
            try (IpmiSimServer server = new IpmiSimServer(bmc, new InetSocketAddress("127.0.0.1", 0),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), null, null, null)) {
                server.start();
                Files.writeString(root.resolve("etc/cluster/cluster.conf"), """
                        <?xml version="1.0"?>
                        <cluster name="c" config_version="1"><cman two_node="1" expected_votes="1"/>
                          <clusternodes><clusternode name="node1" nodeid="1"><fence><method name="ipmi">
                            <device name="ipmi_n1" action="off"/></method></fence></clusternode>
                            <clusternode name="node2" nodeid="2"/></clusternodes>
                          <fencedevices><fencedevice name="ipmi_n1" agent="fence_ipmilan" ipaddr="127.0.0.1"
                            ipport="%d" login="admin" passwd="fencepass" lanplus="1" cipher="3" power_wait="0"/>
                          </fencedevices></cluster>
                        """.formatted(server.port()));
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                long start = System.nanoTime();
                int code = FenceNode.run(new String[] {"node1"}, new FenceNode.Environment(root.toString(), null, path,
                        Optional.empty()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                times.add((System.nanoTime() - start) / 1_000_000);
                if (code != 0 || server.powerOn()) {
                    throw new IllegalStateException("fence_node failed: " + err.toString(StandardCharsets.UTF_8));
                }
            }
        }
        return times;
    }

    private static void report(String label, List<Long> values, String unit) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-82s median %6d %s  min %6d  max %6d  (%d runs)%n", label, sorted.get(sorted.size() / 2),
                unit, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
