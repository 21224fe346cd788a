package org.corral.cpg.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SortedMap;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;
import org.corral.cpg.wire.MalformedFrameException;
import org.corral.totem.core.NodeId;

/**
 * The Java libcpg: one connection to the node's CPG service (a cpg handle). Requests are
 * synchronous round trips; callbacks queue until {@link #dispatch} runs them on the caller's
 * thread. join, leave and mcast answer {@link CsError} because TRY_AGAIN is routine (the totem
 * queue is full, or a sync is under way): retry later, never spin. Not thread-safe: one thread
 * per client, as libcpg.
 */
public final class CpgClient implements AutoCloseable {
    private static final int READ_CHUNK_BYTES = 64 * 1024;

    private final CpgTransport transport;
    private final CpgCallbacks callbacks;
    private final ArrayDeque<IpcMessage.Callback> pending = new ArrayDeque<>();
    /** Received bytes not decoded yet; kept in read mode (position = next byte to decode). */
    private ByteBuffer inbound = ByteBuffer.allocate(READ_CHUNK_BYTES).flip();
    private long nextRequestId = 1;
    private boolean closed;

    private CpgClient(CpgTransport transport, CpgCallbacks callbacks) {
        this.transport = transport;
        this.callbacks = callbacks;
    }

    /** cpg_model_initialize(CPG_MODEL_V1): connects as process {@code pid}. */
    public static CpgClient initialize(CpgTransport transport, int pid, CpgCallbacks callbacks) throws CpgException {
        if (transport == null || callbacks == null || pid <= 0) {
            throw new CpgException(CsError.ERR_INVALID_PARAM, "initialize needs a transport, callbacks and a positive pid");
        }
        CpgClient client = new CpgClient(transport, callbacks);
        CsError error = client.call(new IpcMessage.Initialize(pid, callbacks.wantsTotemConfchg())).error();
        if (error != CsError.OK) {
            client.closeQuietly();
            throw new CpgException(error, "cpg initialize refused");
        }
        return client;
    }

    /** cpg_join. The confchg announcing this process follows through {@link #dispatch}. */
    public CsError join(String group) throws CpgException {
        GroupName name = groupName(group);
        return name == null ? nameError(group) : call(new IpcMessage.Join(name)).error();
    }

    /** cpg_leave. */
    public CsError leave(String group) throws CpgException {
        GroupName name = groupName(group);
        return name == null ? nameError(group) : call(new IpcMessage.Leave(name)).error();
    }

    /** cpg_mcast_joined (agreed order). */
    public CsError mcast(byte[] message) throws CpgException {
        if (message == null) {
            return CsError.ERR_INVALID_PARAM;
        }
        return call(new IpcMessage.Mcast(message)).error();
    }

    /** Runs queued callbacks (reading what the transport has, without blocking); returns how many ran. */
    public int dispatch(DispatchMode mode) throws CpgException {
        ensureOpen();
        readAvailable(false);
        int ran = 0;
        while (!pending.isEmpty() && (mode == DispatchMode.ALL || ran == 0)) {
            run(pending.pollFirst());
            ran++;
        }
        return ran;
    }

    /** True when callbacks wait (after reading what the transport has). */
    public boolean hasPendingCallbacks() throws CpgException {
        ensureOpen();
        readAvailable(false);
        return !pending.isEmpty();
    }

    /** cpg_membership_get: the members of {@code group} as this node sees them. */
    public List<ProcessId> membershipGet(String group) throws CpgException {
        GroupName name = groupName(group);
        if (name == null) {
            throw new CpgException(nameError(group), "bad group name");
        }
        return ((IpcMessage.Members) expect(call(new IpcMessage.MembershipGet(name)), IpcMessage.Members.class)).members();
    }

    /** cpg_local_get: this node's id. */
    public NodeId localGet() throws CpgException {
        return ((IpcMessage.Local) expect(call(new IpcMessage.LocalGet()), IpcMessage.Local.class)).node();
    }

    /** cpg_iteration over all groups: group to members. */
    public SortedMap<GroupName, List<ProcessId>> groups() throws CpgException {
        return ((IpcMessage.Groups) expect(call(new IpcMessage.IterateGroups()), IpcMessage.Groups.class)).groups();
    }

    /** cpg_max_atomic_msgsize_get: the largest message {@link #mcast} accepts. */
    public int maxMessageBytes() throws CpgException {
        return ((IpcMessage.Size) expect(call(new IpcMessage.MaxMessageSizeGet()), IpcMessage.Size.class)).bytes();
    }

    /** cpg_finalize: leaves any group (PROCDOWN, as corosync) and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            call(new IpcMessage.Finalize());
        } catch (CpgException e) {
            // The daemon is gone or refused; closing the transport is all that is left.
        }
        closeQuietly();
    }

    private static GroupName groupName(String group) {
        return GroupName.isValid(group) ? new GroupName(group) : null;
    }

    private static CsError nameError(String group) {
        return group != null && !group.isEmpty() && group.indexOf('\0') < 0
                ? CsError.ERR_NAME_TOO_LONG : CsError.ERR_INVALID_PARAM;
    }

    private static IpcMessage.Response expect(IpcMessage.Response response, Class<?> kind) throws CpgException {
        if (response.error() != CsError.OK) {
            throw new CpgException(response.error(), "request failed");
        }
        if (!kind.isInstance(response)) {
            throw new CpgException(CsError.ERR_LIBRARY, "daemon answered " + response.getClass().getSimpleName());
        }
        return response;
    }

    private IpcMessage.Response call(IpcMessage.Request request) throws CpgException {
        ensureOpen();
        long id = nextRequestId++;
        try {
            transport.write(IpcCodec.encode(id, request));
            while (true) {
                IpcCodec.Frame frame = IpcCodec.decode(inbound);
                if (frame == null) {
                    fill(true);
                } else if (frame.message() instanceof IpcMessage.Callback callback) {
                    pending.addLast(callback);
                } else if (frame.message() instanceof IpcMessage.Response response && frame.requestId() == id) {
                    return response;
                } else {
                    throw new MalformedFrameException("unexpected frame " + frame.message().getClass().getSimpleName());
                }
            }
        } catch (IOException | MalformedFrameException e) {
            closeQuietly();
            throw new CpgException(CsError.ERR_LIBRARY, "connection to the CPG service failed: " + e.getMessage());
        }
    }

    private void readAvailable(boolean block) throws CpgException {
        try {
            fill(block);
            while (true) {
                IpcCodec.Frame frame = IpcCodec.decode(inbound);
                if (frame == null) {
                    return;
                }
                if (!(frame.message() instanceof IpcMessage.Callback callback)) {
                    throw new MalformedFrameException("a response nobody asked for");
                }
                pending.addLast(callback);
            }
        } catch (IOException | MalformedFrameException e) {
            closeQuietly();
            throw new CpgException(CsError.ERR_LIBRARY, "connection to the CPG service failed: " + e.getMessage());
        }
    }

    /**
     * Reads what the transport has (at least one byte when {@code block}) behind the undecoded
     * bytes, growing the buffer up to a frame's limit. Compacts once per call, not per frame.
     */
    private void fill(boolean block) throws IOException {
        inbound.compact();
        try {
            boolean first = true;
            while (true) {
                if (!inbound.hasRemaining()) {
                    if (inbound.capacity() >= IpcCodec.FRAME_BYTES_MAX + READ_CHUNK_BYTES) {
                        return; // a whole frame fits already; decode before reading more
                    }
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(IpcCodec.FRAME_BYTES_MAX + READ_CHUNK_BYTES,
                            inbound.capacity() * 2));
                    inbound.flip();
                    bigger.put(inbound);
                    inbound = bigger;
                }
                int read = transport.read(inbound, block && first);
                if (read < 0) {
                    throw new IOException("the CPG service closed the connection");
                }
                if (read == 0) {
                    return;
                }
                first = false;
            }
        } finally {
            inbound.flip();
        }
    }

    private void run(IpcMessage.Callback callback) {
        if (callback instanceof IpcMessage.Deliver d) {
            callbacks.deliver(d.group(), d.sender(), d.payload());
        } else if (callback instanceof IpcMessage.ConfChg c) {
            callbacks.confchg(c.group(), c.members(), c.left(), c.joined());
        } else if (callback instanceof IpcMessage.TotemConfChg t) {
            callbacks.totemConfchg(t.ring(), t.members());
        }
    }

    private void ensureOpen() throws CpgException {
        if (closed) {
            throw new CpgException(CsError.ERR_BAD_HANDLE, "the cpg handle is closed");
        }
    }

    private void closeQuietly() {
        closed = true;
        try {
            transport.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
