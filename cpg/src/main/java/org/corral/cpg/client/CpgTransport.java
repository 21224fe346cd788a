package org.corral.cpg.client;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A byte stream to the daemon: the Unix socket in production, {@link LoopbackCpgServer} in tests. */
public interface CpgTransport extends Closeable {

    /** Writes one whole frame. */
    void write(byte[] frame) throws IOException;

    /**
     * Reads what is available into {@code into}. When {@code block} is true, waits until at least
     * one byte is there. Returns the bytes read, or -1 when the daemon closed the connection.
     */
    int read(ByteBuffer into, boolean block) throws IOException;
}
