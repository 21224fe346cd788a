package org.corral.quorum.qdisk;

import java.nio.charset.StandardCharsets;

/**
 * The quorum disk header ({@code quorum_header_t}) at offset 0: what mkqdisk writes and -L shows.
 *
 * @param timestampSeconds when mkqdisk wrote it ({@code qh_timestamp}, seconds since the epoch)
 * @param updateHost the host that ran mkqdisk ({@code qh_updatehost}, 128 bytes with its NUL)
 * @param label the qdisk label ({@code qh_cluster}, 120 bytes with its NUL; may be empty, as mkqdisk -l "" writes)
 * @param blockSize the sector size recorded at creation ({@code qh_blksz})
 * @param kernelSectorSize {@code qh_kernsz}: mkqdisk writes 0 ("ignored"); -L shows the device's size instead
 */
public record QuorumHeader(long timestampSeconds, String updateHost, String label, int blockSize, int kernelSectorSize) {
    public QuorumHeader {
        if (label == null || label.getBytes(StandardCharsets.UTF_8).length >= QdiskLayout.LABEL_BYTES) {
            throw new IllegalArgumentException("label must be under " + QdiskLayout.LABEL_BYTES + " bytes");
        }
        if (updateHost == null || updateHost.getBytes(StandardCharsets.UTF_8).length >= QdiskLayout.HOST_BYTES) {
            throw new IllegalArgumentException("host name must be under " + QdiskLayout.HOST_BYTES + " bytes");
        }
        if (blockSize < QdiskLayout.SECTOR_MIN || blockSize > QdiskLayout.SECTOR_MAX) {
            throw new IllegalArgumentException("recorded sector size " + Integer.toUnsignedString(blockSize)
                    + " outside 512..65536");
        }
    }
}
