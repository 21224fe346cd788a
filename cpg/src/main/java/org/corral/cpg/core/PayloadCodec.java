package org.corral.cpg.core;

/**
 * Turns {@link CpgMessage}s into totem payloads and back. The implementation lives in
 * {@code org.corral.cpg.wire}; the engine only sees records.
 */
public interface PayloadCodec {

    byte[] encode(CpgMessage message);

    /** Decodes and validates; never throws anything but {@link MalformedPayloadException}. */
    CpgMessage decode(byte[] payload) throws MalformedPayloadException;

    /** The most bytes an mcast adds to its application payload (header, group name, pid). */
    int mcastOverheadBytesMax();

    /** The most bytes a join list chunk of {@link CpgMessage#JOIN_LIST_CHUNK_ENTRIES_MAX} entries takes. */
    int joinListChunkBytesMax();
}
