package org.corral.tools.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;
import org.corral.tools.ipc.UnixSocketTransport;

/**
 * Flow control seen from a client: {@code burst} multicasts of 32 KiB written without waiting for
 * their answers (while the deliveries are read, so the client is not dropped for not reading).
 * Every request must be answered within the bound, each OK or TRY_AGAIN: the daemon never blocks.
 */
final class BurstClient {
    private BurstClient() {}

    /** Returns {accepted, TRY_AGAIN}. */
    static int[] run(Path socket, String group, int burst) throws Exception {
        try (UnixSocketTransport transport = UnixSocketTransport.connect(socket)) {
            transport.write(IpcCodec.encode(1, new IpcMessage.Initialize(1, false)));
            transport.write(IpcCodec.encode(2, new IpcMessage.Join(GroupName.of(group))));
            byte[] payload = new byte[32 * 1024];
            ByteBuffer in = ByteBuffer.allocate(64 << 20);
            int ok = 0;
            int tryAgain = 0;
            int answered = 0;
            int sent = 0;
            long deadline = System.nanoTime() + LocalCluster.WAIT_MS * 1_000_000L;
            while (answered < burst + 2) {
                assertTrue(System.nanoTime() < deadline, answered + " of " + (burst + 2) + " requests answered");
                if (sent < burst) {
                    transport.write(IpcCodec.encode(3 + sent, new IpcMessage.Mcast(payload)));
                    sent++;
                    assertTrue(transport.readWithin(in, 0) >= 0, "the daemon closed the connection");
                } else {
                    assertTrue(transport.read(in, true) >= 0, "the daemon closed the connection");
                }
                in.flip();
                IpcCodec.Frame frame;
                while ((frame = IpcCodec.decode(in)) != null) {
                    if (frame.message() instanceof IpcMessage.Status status) {
                        answered++;
                        if (frame.requestId() >= 3 && status.error() == CsError.OK) {
                            ok++;
                        } else if (frame.requestId() >= 3) {
                            assertEquals(CsError.ERR_TRY_AGAIN, status.error());
                            tryAgain++;
                        }
                    }
                }
                in.compact();
            }
            return new int[] {ok, tryAgain};
        }
    }
}
