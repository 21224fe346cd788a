package org.corral.quorum.qdisk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Sectors written by the real mkqdisk and qdiskd code (resource qdisk/real-mkqdisk.hex says how
 * they were made) decode to the expected values, and the status blocks re-encode to the very
 * same bytes.
 */
class RealMkqdiskImageTest {
    static Map<Integer, byte[]> sectors() throws IOException {
        Map<Integer, byte[]> sectors = new TreeMap<>();
        try (InputStream in = RealMkqdiskImageTest.class.getResourceAsStream("/qdisk/real-mkqdisk.hex")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            Integer offset = null;
            StringBuilder hex = new StringBuilder();
            for (String line : (text + "\n@-1\n").split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("@")) {
                    if (offset != null) {
                        sectors.put(offset, HexFormat.of().parseHex(hex));
                    }
                    offset = Integer.parseInt(line.substring(1));
                    hex.setLength(0);
                } else {
                    hex.append(line.trim());
                }
            }
        }
        return sectors;
    }

    /** A 512-byte sector, as qdiskd reads it, padded to our 4096-byte slot. */
    static byte[] slot(byte[] sector) {
        byte[] slot = new byte[4096];
        System.arraycopy(sector, 0, slot, 0, sector.length);
        return slot;
    }

    @Test
    void theHeaderMkqdiskWroteIsRead() throws IOException {
        byte[] sector = sectors().get(0);
        assertEquals(512, sector.length);
        Decoded<QuorumHeader> header = QdiskLayout.decodeHeader(slot(sector));
        assertEquals(new Decoded.Ok<>(new QuorumHeader(1_795_316_654L, "vm", "twolabel", 512, 0)), header);
    }

    @Test
    void blankAndRunningStatusBlocksAreReadAndRewrittenByteForByte() throws IOException {
        byte[] blank = sectors().get(4096);
        StatusBlock expectedBlank = StatusBlock.blank(1, 1_795_316_654L);
        assertEquals(new Decoded.Ok<>(expectedBlank), QdiskLayout.decodeStatus(slot(blank)));
        assertArrayEquals(slot(blank), QdiskLayout.encodeStatus(expectedBlank, 4096));

        byte[] running = sectors().get(8192);
        StatusBlock block = ((Decoded.Ok<StatusBlock>) QdiskLayout.decodeStatus(slot(running))).value();
        assertEquals(2, block.nodeId());
        assertEquals(2, block.updateNode());
        assertEquals(DiskState.MASTER, block.state());
        assertEquals(0x0102030405060708L, block.incarnation());
        assertEquals(DiskMessage.BID, block.message());
        assertEquals(7, block.seq());
        assertEquals(2, block.arg());
        assertEquals(0x8103, block.memberMask(), "nodes 1, 2, 9, 16");
        assertEquals(0x0002, block.masterMask());
        assertArrayEquals(slot(running), QdiskLayout.encodeStatus(block, 4096));
    }
}
