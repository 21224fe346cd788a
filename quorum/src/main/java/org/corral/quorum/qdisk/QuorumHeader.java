package org.corral.quorum.qdisk;

/**
 * The quorum disk header ({@code quorum_header_t}) at offset 0: what mkqdisk writes and -L shows.
 *
 * @param label the qdisk label (the {@code qh_cluster} field)
 * @param blockSize the sector size recorded at creation; {@code kernelSectorSize} the one reported then
 */
public record QuorumHeader(long timestampSeconds, String updateHost, String label, int blockSize, int kernelSectorSize) {
    public QuorumHeader {
        if (label == null || label.isEmpty() || label.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                >= QdiskLayout.LABEL_BYTES) {
            throw new IllegalArgumentException("label must be 1.." + (QdiskLayout.LABEL_BYTES - 1) + " bytes");
        }
        if (updateHost == null || updateHost.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                >= QdiskLayout.HOST_BYTES) {
            throw new IllegalArgumentException("host name must be under " + QdiskLayout.HOST_BYTES + " bytes");
        }
        if (blockSize < QdiskLayout.SECTOR_MIN || blockSize > QdiskLayout.SECTOR_MAX) {
            throw new IllegalArgumentException("sector size " + blockSize + " outside 512..65536");
        }
    }
}
