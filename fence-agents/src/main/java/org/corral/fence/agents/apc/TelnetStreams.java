package org.corral.fence.agents.apc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The read side of a telnet connection over blocking streams, shared by fence_apc's connector and
 * the APC simulator's server so both answer option negotiation the same way. TelnetCodec itself
 * stays a pure byte filter; this is the thin shell around it.
 */
public final class TelnetStreams {
    private TelnetStreams() {
    }

    /**
     * One read from {@code in} through {@code codec}. Negotiation replies go straight back on
     * {@code out} while holding {@code writeLock} (the monitor the caller's own writes hold, so a
     * reply never lands inside one of them); the data bytes are left at the start of {@code buffer}.
     *
     * @return the number of data bytes (0 when the read held only negotiation), or -1 at end of stream
     */
    public static int readData(TelnetCodec codec, InputStream in, OutputStream out, Object writeLock, byte[] buffer)
            throws IOException {
        int count = in.read(buffer);
        if (count < 0) {
            return -1;
        }
        TelnetCodec.Decoded decoded = codec.receive(buffer, 0, count);
        if (decoded.replies().length > 0) {
            synchronized (writeLock) {
                out.write(decoded.replies());
                out.flush();
            }
        }
        System.arraycopy(decoded.data(), 0, buffer, 0, decoded.data().length);
        return decoded.data().length;
    }
}
