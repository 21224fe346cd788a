package org.corral.tools.ipc;

import java.nio.file.Path;
import java.util.List;

import org.corral.cpg.core.GroupName;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;

/**
 * Run by {@link UnprivilegedPeerTest} as another user: prints what corrald answers to a read and
 * to changes, one "name=status" line each (cs_error_t codes: 1 OK, 11 ACCESS).
 */
public final class PeerProbeMain {
    private PeerProbeMain() {}

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        try (ControlClient client = ControlClient.connect(socket, 30_000)) {
            System.out.println("cmap.list=" + client.call(Service.CMAP, "list", List.of("totem.")).status());
            System.out.println("cmap.set=" + client.call(Service.CMAP, "set", List.of("probe.key", "1")).status());
            System.out.println("cfg.ring-status=" + client.call(Service.CFG, "ring-status", List.of()).status());
            System.out.println("cfg.ring-reset=" + client.call(Service.CFG, "ring-reset", List.of()).status());
        }
        try (UnixSocketTransport transport = UnixSocketTransport.connect(socket, 30_000)) {
            System.out.println("cpg.initialize=" + call(transport, 1, new IpcMessage.Initialize(1, false)));
            System.out.println("cpg.join=" + call(transport, 2, new IpcMessage.Join(GroupName.of("probe"))));
            System.out.println("cpg.iterate=" + call(transport, 3, new IpcMessage.IterateGroups()));
        }
        System.exit(0);
    }

    private static int call(UnixSocketTransport transport, long id, IpcMessage.Request request) throws Exception {
        transport.write(IpcCodec.encode(id, request));
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(1 << 20);
        while (true) {
            if (transport.read(in, true) < 0) {
                throw new IllegalStateException("closed");
            }
            in.flip();
            // A successful join brings callbacks too: look at every whole frame before reading more.
            IpcCodec.Frame frame;
            while ((frame = IpcCodec.decode(in)) != null) {
                if (frame.message() instanceof IpcMessage.Response response) {
                    return response.error().code();
                }
            }
            in.compact();
        }
    }
}
