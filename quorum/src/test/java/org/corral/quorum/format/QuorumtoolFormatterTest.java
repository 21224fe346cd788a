package org.corral.quorum.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumtoolFormatterTest {

    @Test
    void corosync2Layout() {
        long date = LocalDateTime.parse("2016-06-09T13:15:07").toEpochSecond(ZoneOffset.UTC);
        QuorumtoolStatus status = new QuorumtoolStatus(date, "corosync_votequorum", 2, 1, 1, 8, true, 2, 2, 2, 1,
                EnumSet.of(QuorumtoolStatus.Flag.TWO_NODE, QuorumtoolStatus.Flag.QUORATE,
                        QuorumtoolStatus.Flag.WAIT_FOR_ALL),
                List.of(new QuorumtoolStatus.Member(1, 1, "node1", null), new QuorumtoolStatus.Member(2, 1, "node2", null)),
                null);
        assertEquals("""
                Quorum information
                ------------------
                Date:             Thu Jun  9 13:15:07 2016
                Quorum provider:  corosync_votequorum
                Nodes:            2
                Node ID:          1
                Ring ID:          1/8
                Quorate:          Yes

                Votequorum information
                ----------------------
                Expected votes:   2
                Highest expected: 2
                Total votes:      2
                Quorum:           1 \s
                Flags:            2Node Quorate WaitForAll\s

                Membership information
                ----------------------
                    Nodeid      Votes Name
                         1          1 node1 (local)
                         2          1 node2
                """, QuorumtoolFormatter.format(status, ZoneOffset.UTC, QuorumtoolFormatter.RingIdStyle.COROSYNC_2));
    }

    @Test
    void qdeviceAndBlockedAndCorosync3RingId() {
        QuorumtoolStatus status = new QuorumtoolStatus(0, "corosync_votequorum", 1, 2, 1, 0x9, false, 3, 3, 1, 2,
                Set.of(), List.of(new QuorumtoolStatus.Member(2, 1, "node2", "A,NV,NMW")),
                new QuorumtoolStatus.Qdevice("Qdevice", 1, false));
        String text = QuorumtoolFormatter.format(status, ZoneOffset.UTC, QuorumtoolFormatter.RingIdStyle.COROSYNC_3);
        assertEquals(true, text.contains("Date:             Thu Jan  1 00:00:00 1970\n"), text);
        assertEquals(true, text.contains("Ring ID:          1.9\n"), text);
        assertEquals(true, text.contains("Quorum:           2 Activity blocked\nFlags:            \n"), text);
        assertEquals(true, text.endsWith("    Nodeid      Votes    Qdevice Name\n"
                + "         2          1   A,NV,NMW node2 (local)\n"
                + "         0          0            Qdevice (votes 1)\n"), text);
    }

    @Test
    void jsonStatus() {
        CmanStatus status = new CmanStatus(6, 2, 0, 8, "an-clusterA", 29382, 8, 2, 2, 1, OptionalInt.of(1), 2, 1, 1,
                true, 7, EnumSet.of(CmanStatus.Flag.TWO_NODE), List.of(0), "a\"b", 1, List.of("239.192.114.57"),
                List.of("10.20.0.1"), List.of());
        assertEquals("{\"version\": \"6.2.0\", \"config_version\": 8, \"cluster_name\": \"an-clusterA\", "
                + "\"cluster_id\": 29382, \"cluster_generation\": 8, \"membership_state\": \"Cluster-Member\", "
                + "\"nodes\": 2, \"expected_votes\": 1, \"quorum_device_votes\": 1, \"total_votes\": 2, "
                + "\"node_votes\": 1, \"quorum\": 1, \"quorate\": true, \"active_subsystems\": 7, "
                + "\"flags\": [\"2node\"], \"ports_bound\": [0], \"node_name\": \"a\\\"b\", \"node_id\": 1, "
                + "\"multicast_addresses\": [\"239.192.114.57\"], \"node_addresses\": [\"10.20.0.1\"]}\n",
                JsonFormatter.status(status));
    }
}
