package org.corral.quorum.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmanNodesFormatterTest {
    static final ZoneId UTC = ZoneOffset.UTC;

    static long epoch(String local) {
        return LocalDateTime.parse(local).toEpochSecond(ZoneOffset.UTC);
    }

    static final CmanNode TARTANPION = new CmanNode(1, 1, 48, epoch("2015-01-16T14:25:27"), "tartanpion",
            List.of("192.168.1.10"), 1, 3, CmanNode.State.MEMBER);
    static final CmanNode QDISK = new CmanNode(0, 1, 0, epoch("2011-10-05T09:12:01"), "/dev/block/253:2",
            List.of(), 1, 0, CmanNode.State.MEMBER);
    static final CmanNode DEAD = new CmanNode(3, 0, 52, epoch("2015-01-16T14:25:27"), "node3",
            List.of("192.168.1.12", "10.0.0.12"), 1, 3, CmanNode.State.DEAD);

    @Test
    void realSampleRow() {
        // reference/rhcs.md 1.2: "   1   M     48   2015-01-16 14:25:27  tartanpion"
        assertEquals(CmanNodesFormatter.HEADER + "   1   M     48   2015-01-16 14:25:27  tartanpion\n",
                CmanNodesFormatter.format(List.of(TARTANPION), 0, CmanNodesFormatter.Options.table(), UTC));
    }

    @Test
    void sortedWithTheQdiskAsNodeZeroAndBlankJoinForNonMembers() {
        String text = CmanNodesFormatter.format(List.of(DEAD, TARTANPION, QDISK), 0,
                CmanNodesFormatter.Options.table(), UTC);
        assertEquals("Node  Sts   Inc   Joined               Name\n"
                + "   0   M      0   2011-10-05 09:12:01  /dev/block/253:2\n"
                + "   1   M     48   2015-01-16 14:25:27  tartanpion\n"
                + "   3   X     52                        node3\n", text);
    }

    @Test
    void addressesAndNameFilter() {
        String text = CmanNodesFormatter.format(List.of(DEAD, TARTANPION, QDISK), 0,
                new CmanNodesFormatter.Options(true, List.of("node3", "tartanpion"), null), UTC);
        assertEquals("Node  Sts   Inc   Joined               Name\n"
                + "   1   M     48   2015-01-16 14:25:27  tartanpion\n"
                + "       Addresses: 192.168.1.10 \n"
                + "   3   X     52                        node3\n"
                + "       Addresses: 192.168.1.12 10.0.0.12 \n", text);
    }

    @Test
    void formatFieldsHaveNoHeaderAndATrailingSpaceEach() {
        String text = CmanNodesFormatter.format(List.of(DEAD, TARTANPION), 0,
                new CmanNodesFormatter.Options(true, List.of(), "id,name,type,addr,votes,exp,state,bogus"), UTC);
        assertEquals("1 tartanpion M 192.168.1.10 1 3 Member \n"
                + "3 node3 X 192.168.1.12,10.0.0.12 1 3 Dead \n", text);
        assertEquals(10, CmanNodesFormatter.parseFields("id,id,id,id,id,id,id,id,id,id,id,id").size());
        assertEquals(List.of(CmanNodesFormatter.Field.NAME), CmanNodesFormatter.parseFields(",,name,"));
    }

    @Test
    void disallowedNote() {
        CmanNode disallowed = new CmanNode(2, 2, 7, epoch("2015-01-16T14:25:27"), "node2", List.of(), 1, 3,
                CmanNode.State.DISALLOWED);
        assertEquals("NOTE: There are 1 disallowed nodes,\n"
                + "      members list may seem inconsistent across the cluster\n"
                + "Node  Sts   Inc   Joined               Name\n"
                + "   2   d      7   2015-01-16 14:25:27  node2\n",
                CmanNodesFormatter.format(List.of(disallowed), 1, CmanNodesFormatter.Options.table(), UTC));
    }

    @Test
    void jsonNodes() {
        assertEquals("{\"nodes\": [{\"id\": 0, \"name\": \"/dev/block/253:2\", \"type\": \"M\", \"incarnation\": 0, "
                + "\"joined\": \"2011-10-05 09:12:01\", \"addresses\": [], \"votes\": 1, \"expected_votes\": 0, "
                + "\"state\": \"Member\"}, {\"id\": 3, \"name\": \"node3\", \"type\": \"X\", \"incarnation\": 52, "
                + "\"addresses\": [\"192.168.1.12\", \"10.0.0.12\"], \"votes\": 1, \"expected_votes\": 3, "
                + "\"state\": \"Dead\"}]}\n", JsonFormatter.nodes(List.of(DEAD, QDISK), UTC));
    }
}
