package org.corral.quorum.qdisk;

import java.io.IOException;
import java.util.function.Consumer;

/** What {@code mkqdisk -c device -l label} does to the device: a header and 16 blank status blocks. */
public final class QdiskInit {
    private QdiskInit() {}

    /**
     * @param progress receives "Initializing status block for node N..." lines, as mkqdisk prints them
     */
    public static void initialize(QdiskDevice device, String label, String host, long nowSeconds,
            Consumer<String> progress) throws IOException {
        // qh_kernsz is written as 0, as mkqdisk does; readers show the device's own sector size instead.
        device.writeHeader(new QuorumHeader(nowSeconds, host, label, device.sectorSize(), 0));
        for (int id = 1; id <= QdiskLayout.NODES_MAX; id++) {
            progress.accept("Initializing status block for node " + id + "...");
            device.writeStatus(StatusBlock.blank(id, nowSeconds));
        }
    }
}
