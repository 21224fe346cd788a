package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.ClusterConf;
import org.corral.conf.core.ClusterIds;
import org.corral.conf.core.Defaults;
import org.corral.conf.core.DumpTree;
import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.Flattener;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.conf.wire.XmlDumpWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cman's derived values and the corosync-objctl view, checked against the tutorial seed and real clusters. */
class FlattenAndDefaultsTest {
    private static final ClusterConfLoader LOADER = ClusterConfLoader.standard();
    private static final String NODE1 = "an-node01.alteeve.com";

    private static LoadResult seed(int version) {
        LoadResult result = LOADER.loadFile(CorpusTest.corpusFile("seed-v" + version + ".conf"));
        assertTrue(result.valid(), () -> "seed v" + version + " should validate: " + result.findings());
        return result;
    }

    @Test
    void seedVersion8FlattensExactlyAsTheTutorialsCorosyncObjctl() throws IOException {
        LoadResult result = seed(8);
        EffectiveConfig effective = result.effective(Optional.of(NODE1)).orElseThrow();
        List<Map.Entry<String, String>> keys = Flattener.flatten(result.model().orElseThrow(), effective,
                Map.of(NODE1, "10.20.0.1"));
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/corpus/seed-v8.objctl")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, Flattener.format(keys));
    }

    @Test
    void seedDefaultsMatchTheTutorialsCmanToolStatus() {
        EffectiveConfig effective = seed(8).effective(Optional.of(NODE1)).orElseThrow();
        assertEquals(29382, effective.clusterId(), "Cluster Id: 29382");
        assertEquals("239.192.114.57", effective.rings().get(0).multicastAddress(), "Multicast addresses");
        assertEquals(5405, effective.rings().get(0).port());
        assertEquals(1, effective.expectedVotes());
        assertTrue(effective.twoNode());
        assertEquals(8, effective.configVersion());
        EffectiveConfig.Totem totem = effective.totem();
        assertEquals(10_000, totem.tokenMs());
        assertEquals(60, totem.joinMs());
        assertEquals(2000, totem.consensusMs(), "two nodes: 0.2 * token, at most 2000");
        assertEquals(2500, totem.failRecvConst());
        assertEquals(2380, totem.tokenRetransmitMs());
        assertEquals(1894, totem.holdMs());
        assertEquals("none", totem.rrpMode());
        assertEquals(false, totem.secauth(), "the tutorial turns secauth off");
        assertEquals(30, effective.fenceDaemon().postJoinDelaySeconds());
    }

    @Test
    void seedVersion7WithoutTotemGetsCmansInjectedTotem() {
        LoadResult result = seed(7);
        EffectiveConfig effective = result.effective(Optional.of(NODE1)).orElseThrow();
        assertTrue(effective.totem().secauth(), "secauth defaults on");
        String flat = Flattener.format(Flattener.flatten(result.model().orElseThrow(), effective, Map.of()));
        assertTrue(flat.contains("\ntotem.transport=udp\ntotem.version=2\ntotem.nodeid=1\ntotem.vsftype=none\n"
                + "totem.token=10000\ntotem.join=60\ntotem.fail_recv_const=2500\ntotem.consensus=2000\n"
                + "totem.rrp_mode=none\ntotem.secauth=1\ntotem.key=an-clusterA\n"), flat);
        assertTrue(flat.contains("cluster.fence_daemon.post_join_delay=30\n"), flat);
        assertTrue(flat.contains("totem.interface.bindnetaddr=" + NODE1 + "\n"), "unresolved names stay names");
    }

    @Test
    void theTutorialsExamplesDumpWithTheDefaultsCorosyncObjctlShows() {
        LoadResult result = seed(8);
        ClusterConf conf = result.model().orElseThrow();
        String dump = XmlDumpWriter.write(DumpTree.withDefaults(conf, result.effective(Optional.empty()).orElseThrow(),
                LOADER.agents()));
        assertTrue(dump.startsWith("<?xml version=\"1.0\"?>\n<cluster name=\"an-clusterA\" config_version=\"8\">\n"
                + "\t<cman expected_votes=\"1\" two_node=\"1\" cluster_id=\"29382\""), dump);
        assertTrue(dump.contains("\t<totem rrp_mode=\"none\" secauth=\"off\" token=\"10000\" join=\"60\" "
                + "consensus=\"2000\" fail_recv_const=\"2500\""), dump);
        assertTrue(dump.contains("\t<fence_daemon post_join_delay=\"30\" post_fail_delay=\"0\""), dump);
        assertTrue(dump.contains("<clusternode name=\"an-node01.alteeve.com\" nodeid=\"1\" votes=\"1\">"), dump);
        // The dump is itself a valid configuration.
        LoadResult again = LOADER.parse("dump", dump.getBytes(StandardCharsets.UTF_8));
        assertTrue(again.valid(), () -> again.findings().toString());
    }

    @ParameterizedTest
    @CsvSource({
        // name, generated (upstream shift-add), FNV-1a folded (RHEL 6 default), source of the figure
        "an-clusterA, 62889, 29382",   // tutorial: Cluster Id: 29382
        "cluster66,   53618, 22265",   // RHEL 6.6 cman_tool status: Cluster Id: 22265
        "cluster1,    26777, 53623",   // upstream samples
        "mycluster,   56756, 65461",
        "MyCluster,   46516, 61450",
        "build,       3240,  12600",
        "RHCluster,   41524, 26061",
        "anchor,      6408,  34905",
    })
    void clusterIdsMatchRealClusters(String name, int generated, int hashed) {
        assertEquals(generated, ClusterIds.generated(name));
        assertEquals(hashed, ClusterIds.fnvHashed(name));
    }

    @ParameterizedTest
    @CsvSource({"29382, 239.192.114.57", "22265, 239.192.86.80", "56756, 239.192.221.146", "41524, 239.192.162.214",
        "6408, 239.192.25.33", "255, 239.192.0.0", "65535, 239.192.255.0"})
    void defaultMulticastUsesModulo255(int clusterId, String address) {
        assertEquals(address, ClusterIds.defaultMulticastIpv4(clusterId));
    }

    @Test
    void consensusFollowsTheNodeCount() {
        assertEquals(12_000, Defaults.consensusMs(10_000, 3));
        assertEquals(12_000, Defaults.consensusMs(10_000, 0), "no nodes configured plays safe, as > 2");
        assertEquals(2000, Defaults.consensusMs(10_000, 2));
        assertEquals(200, Defaults.consensusMs(500, 2));
        assertEquals(1000, Defaults.consensusMs(5000, 1));
    }

    @Test
    void hashClusterIdNoSelectsTheUpstreamId() {
        LoadResult result = LOADER.loadFile(CorpusTest.corpusFile("valid-hash-id-off.conf"));
        EffectiveConfig effective = result.effective(Optional.empty()).orElseThrow();
        assertEquals(56756, effective.clusterId());
        assertEquals("239.192.221.146", effective.rings().get(0).multicastAddress());
        assertEquals(12_000, effective.totem().consensusMs(), "three nodes: token + 2000");
    }

    @Test
    void twoRingsGiveActiveRrpAndTheAltMulticast() {
        LoadResult result = LOADER.loadFile(CorpusTest.corpusFile("valid-rrp.conf"));
        EffectiveConfig effective = result.effective(Optional.of("node2")).orElseThrow();
        assertEquals(2, effective.rings().size());
        assertEquals("passive", effective.totem().rrpMode(), "the file says passive");
        assertEquals("239.192.1.2", effective.rings().get(1).multicastAddress());
        assertEquals(5407, effective.rings().get(1).port());
        assertEquals(3, effective.totem().rrpProblemCountThreshold());
        assertEquals(22_000, effective.totem().consensusMs());
        String flat = Flattener.format(Flattener.flatten(result.model().orElseThrow(), effective,
                Map.of("node2-b", "10.1.0.2")));
        assertTrue(flat.contains("totem.interface.ringnumber=1\ntotem.interface.bindnetaddr=10.1.0.2\n"
                + "totem.interface.mcastaddr=239.192.1.2\ntotem.interface.mcastport=5407\n"), flat);
    }

    @Test
    void udpuListsEveryNodeAsAMember() {
        LoadResult result = LOADER.loadFile(CorpusTest.corpusFile("valid-udpu.conf"));
        EffectiveConfig effective = result.effective(Optional.of("node1")).orElseThrow();
        assertEquals(4242, effective.clusterId());
        String flat = Flattener.format(Flattener.flatten(result.model().orElseThrow(), effective, Map.of()));
        assertTrue(flat.contains("totem.interface.member.memberaddr=node1\ntotem.interface.member.memberaddr=node2\n"
                + "totem.interface.member.memberaddr=node3\ntotem.interface.mcastport=6809\n"), flat);
        assertTrue(flat.contains("cluster.cman.cluster_id=4242\n"));
    }

    @Test
    void loggingDaemonOverridesTheGlobalLogging() {
        ClusterConf conf = LOADER.loadFile(CorpusTest.corpusFile("valid-logging.conf")).model().orElseThrow();
        org.corral.conf.core.LoggingSettings fenced = org.corral.conf.core.LoggingSettings.of(conf, "fenced", Optional.empty());
        assertEquals("daemon", fenced.syslogFacility(), "global value");
        assertEquals("debug", fenced.logfilePriority());
        assertEquals("/var/log/cluster/fenced.log", fenced.logfile());
        org.corral.conf.core.LoggingSettings totem = org.corral.conf.core.LoggingSettings.of(conf, "corosync", Optional.of("TOTEM"));
        assertTrue(totem.debug(), "the TOTEM subsystem turns debug on");
        org.corral.conf.core.LoggingSettings corosync = org.corral.conf.core.LoggingSettings.of(conf, "corosync", Optional.empty());
        assertEquals(false, corosync.debug());
        assertEquals("/var/log/cluster/corosync.log", corosync.logfile(), "default file per daemon");
        org.corral.conf.core.LoggingSettings plain = org.corral.conf.core.LoggingSettings.of(seed(8).model().orElseThrow(),
                "rgmanager", Optional.empty());
        assertEquals("local4", plain.syslogFacility());
        assertTrue(plain.toSyslog() && plain.toLogfile());
    }

    @Test
    void loggingIsCopiedToTheTopLevelWithItsDaemons() {
        LoadResult result = LOADER.loadFile(CorpusTest.corpusFile("valid-logging.conf"));
        String flat = Flattener.format(Flattener.flatten(result.model().orElseThrow(),
                result.effective(Optional.empty()).orElseThrow(), Map.of()));
        assertTrue(flat.contains("\nlogging.to_syslog=yes\nlogging.to_logfile=yes\nlogging.syslog_facility=daemon\n"
                + "logging.logfile_priority=debug\nlogging.debug=off\nlogging.timestamp=on\n"
                + "logging.logfile=/var/log/cluster/corosync.log\nlogging.syslog_priority=info\n"
                + "logging.logging_daemon.name=corosync\nlogging.logging_daemon.subsys=TOTEM\n"
                + "logging.logging_daemon.debug=on\nlogging.logging_daemon.name=fenced\n"), flat);
    }

    @Test
    void servicesResolveReferencesDefaultsAndInheritance() {
        ClusterConf conf = LOADER.loadFile(CorpusTest.corpusFile("valid-rm.conf")).model().orElseThrow();
        List<ClusterConf.Resource> services = org.corral.conf.core.ResolvedResources.services(conf, LOADER.agents());
        assertEquals(2, services.size());
        ClusterConf.Resource web = services.get(0);
        assertEquals("relocate", web.attributes().get("recovery"));
        assertEquals("0", web.attributes().get("exclusive"), "agent default");
        ClusterConf.Resource fs = web.children().get(0);
        assertEquals("fs", fs.type());
        assertEquals("/srv/data", fs.attributes().get("mountpoint"), "from the definition in <resources>");
        assertTrue(!fs.attributes().containsKey("ref"));
        ClusterConf.Resource script = fs.children().get(1);
        assertEquals("/etc/init.d/httpd", script.attributes().get("file"));
        assertEquals("1", script.attributes().get("__independent_subtree"), "written at the reference");
        assertEquals("web", script.attributes().get("service_name"), "inherit=service%name");
        assertEquals(1, script.actions().size());
        ClusterConf.Resource ip = fs.children().get(0);
        assertEquals("10.0.0.50", ip.attributes().get("address"));
        assertEquals("1", ip.attributes().get("monitor_link"));
        assertEquals("auto", ip.attributes().get("family"), "agent default");
    }
}
