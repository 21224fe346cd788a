package org.corral.cpg.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.Reason;
import org.corral.cpg.wire.IpcMessage.Callback;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/**
 * Frames of the local CPG IPC protocol, big-endian:
 * <pre>
 *   u32 length (of what follows, 12..FRAME_BYTES_MAX) | u16 magic 0xC9C1 | u8 version 1 | u8 kind | i64 request id | body
 * </pre>
 * Requests carry the client's id, responses repeat it, callbacks carry 0. Kinds: requests 1..9,
 * responses 64..68, callbacks 128..130 (see the KIND_ constants). A name is u8 length + UTF-8, a
 * process is i32 node + i32 pid, a member change adds i32 reason. Decoding checks every field and
 * every count against the bytes present before it allocates.
 */
public final class IpcCodec {
    public static final int MAGIC = 0xC9C1;
    public static final int VERSION = 1;
    /** The largest frame either side accepts: a group listing of the default limits fits. */
    public static final int FRAME_BYTES_MAX = 16 << 20;
    static final int HEADER_BYTES = 4 + 2 + 1 + 1 + 8;

    static final int KIND_INITIALIZE = 1;
    static final int KIND_FINALIZE = 2;
    static final int KIND_JOIN = 3;
    static final int KIND_LEAVE = 4;
    static final int KIND_MCAST = 5;
    static final int KIND_MEMBERSHIP_GET = 6;
    static final int KIND_LOCAL_GET = 7;
    static final int KIND_ITERATE_GROUPS = 8;
    static final int KIND_MAX_MESSAGE_SIZE_GET = 9;
    static final int KIND_STATUS = 64;
    static final int KIND_MEMBERS = 65;
    static final int KIND_LOCAL = 66;
    static final int KIND_GROUPS = 67;
    static final int KIND_SIZE = 68;
    static final int KIND_DELIVER = 128;
    static final int KIND_CONFCHG = 129;
    static final int KIND_TOTEM_CONFCHG = 130;

    /** A decoded frame. */
    public record Frame(long requestId, IpcMessage message) {}

    private IpcCodec() {}

    // ---- encoding --------------------------------------------------------------------------

    /** The whole frame, length prefix included. */
    public static byte[] encode(long requestId, IpcMessage message) {
        Writer out = new Writer(HEADER_BYTES + 64 + payloadBytes(message));
        out.i32(0).u16(MAGIC).u8(VERSION).u8(0).i64(message instanceof Callback ? 0 : requestId);
        int kind = writeBody(out, message);
        return out.finishFrame(kind);
    }

    /** The size of a message's application payload, to size the buffer once. */
    private static int payloadBytes(IpcMessage message) {
        if (message instanceof IpcMessage.Mcast mcast) {
            return mcast.payload().length;
        }
        if (message instanceof IpcMessage.Deliver deliver) {
            return deliver.payload().length + GroupName.BYTES_MAX;
        }
        return 0;
    }

    private static int writeBody(Writer out, IpcMessage message) {
        if (message instanceof IpcMessage.Request request) {
            return writeRequest(out, request);
        }
        if (message instanceof IpcMessage.Response response) {
            out.i32(response.error().code());
            return writeResponse(out, response);
        }
        return writeCallback(out, (Callback) message);
    }

    private static int writeRequest(Writer out, IpcMessage.Request request) {
        if (request instanceof IpcMessage.Initialize init) {
            out.i32(init.pid()).u8(init.totemCallbacks() ? 1 : 0);
            return KIND_INITIALIZE;
        } else if (request instanceof IpcMessage.Finalize) {
            return KIND_FINALIZE;
        } else if (request instanceof IpcMessage.Join join) {
            out.name(join.group());
            return KIND_JOIN;
        } else if (request instanceof IpcMessage.Leave leave) {
            out.name(leave.group());
            return KIND_LEAVE;
        } else if (request instanceof IpcMessage.Mcast mcast) {
            out.i32(mcast.payload().length).bytes(mcast.payload());
            return KIND_MCAST;
        } else if (request instanceof IpcMessage.MembershipGet get) {
            out.name(get.group());
            return KIND_MEMBERSHIP_GET;
        } else if (request instanceof IpcMessage.LocalGet) {
            return KIND_LOCAL_GET;
        } else if (request instanceof IpcMessage.IterateGroups) {
            return KIND_ITERATE_GROUPS;
        }
        return KIND_MAX_MESSAGE_SIZE_GET;
    }

    private static int writeResponse(Writer out, IpcMessage.Response response) {
        if (response instanceof IpcMessage.Status) {
            return KIND_STATUS;
        } else if (response instanceof IpcMessage.Members members) {
            out.processes(members.members());
            return KIND_MEMBERS;
        } else if (response instanceof IpcMessage.Local local) {
            out.i32(local.node() == null ? 0 : local.node().value());
            return KIND_LOCAL;
        } else if (response instanceof IpcMessage.Groups groups) {
            out.i32(groups.groups().size());
            groups.groups().forEach((group, members) -> out.name(group).processes(members));
            return KIND_GROUPS;
        }
        out.i32(((IpcMessage.Size) response).bytes());
        return KIND_SIZE;
    }

    private static int writeCallback(Writer out, Callback callback) {
        if (callback instanceof IpcMessage.Deliver deliver) {
            out.name(deliver.group()).process(deliver.sender()).i32(deliver.payload().length).bytes(deliver.payload());
            return KIND_DELIVER;
        } else if (callback instanceof IpcMessage.ConfChg confchg) {
            out.name(confchg.group()).processes(confchg.members()).addresses(confchg.left()).addresses(confchg.joined());
            return KIND_CONFCHG;
        }
        IpcMessage.TotemConfChg totem = (IpcMessage.TotemConfChg) callback;
        out.i32(totem.ring().representative().value()).i64(totem.ring().seq()).i32(totem.members().size());
        totem.members().forEach(node -> out.i32(node.value()));
        return KIND_TOTEM_CONFCHG;
    }

    // ---- decoding --------------------------------------------------------------------------

    /**
     * Decodes one frame from the front of {@code in} and advances past it. Returns null, leaving
     * {@code in} untouched, when the frame is not complete yet.
     */
    public static Frame decode(ByteBuffer in) throws MalformedFrameException {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt(in.position());
        if (length < HEADER_BYTES - 4 || length > FRAME_BYTES_MAX - 4) {
            throw new MalformedFrameException("frame length " + length + " outside " + (HEADER_BYTES - 4) + ".." + (FRAME_BYTES_MAX - 4));
        }
        if (in.remaining() < 4 + length) {
            return null;
        }
        ByteBuffer frame = in.slice(in.position() + 4, length);
        in.position(in.position() + 4 + length);
        try {
            int magic = Bytes.u16(frame, "header");
            if (magic != MAGIC) {
                throw new Bytes.BadInput(String.format("bad magic 0x%04x", magic));
            }
            int version = Bytes.u8(frame, "header");
            if (version != VERSION) {
                throw new Bytes.BadInput("unsupported IPC version " + version);
            }
            int kind = Bytes.u8(frame, "header");
            long requestId = Bytes.i64(frame, "header");
            IpcMessage message = readBody(frame, kind);
            Bytes.end(frame, "frame kind " + kind);
            return new Frame(requestId, message);
        } catch (Bytes.BadInput | IllegalArgumentException e) {
            throw new MalformedFrameException(e.getMessage());
        }
    }

    private static IpcMessage readBody(ByteBuffer in, int kind) {
        switch (kind) {
            case KIND_INITIALIZE: {
                int pid = Bytes.positive(in, "pid");
                int flags = Bytes.u8(in, "flags");
                if (flags > 1) {
                    throw new Bytes.BadInput("unknown initialize flags " + flags);
                }
                return new IpcMessage.Initialize(pid, flags == 1);
            }
            case KIND_FINALIZE: return new IpcMessage.Finalize();
            case KIND_JOIN: return new IpcMessage.Join(Bytes.groupName(in));
            case KIND_LEAVE: return new IpcMessage.Leave(Bytes.groupName(in));
            case KIND_MCAST: return new IpcMessage.Mcast(payload(in));
            case KIND_MEMBERSHIP_GET: return new IpcMessage.MembershipGet(Bytes.groupName(in));
            case KIND_LOCAL_GET: return new IpcMessage.LocalGet();
            case KIND_ITERATE_GROUPS: return new IpcMessage.IterateGroups();
            case KIND_MAX_MESSAGE_SIZE_GET: return new IpcMessage.MaxMessageSizeGet();
            case KIND_STATUS: return new IpcMessage.Status(error(in));
            case KIND_MEMBERS: return new IpcMessage.Members(error(in), processes(in));
            case KIND_LOCAL: {
                CsError error = error(in);
                int node = Bytes.i32(in, "node id");
                return new IpcMessage.Local(error, node == 0 ? null : nodeId(node));
            }
            case KIND_GROUPS: return readGroups(in);
            case KIND_SIZE: return new IpcMessage.Size(error(in), Bytes.i32(in, "size"));
            case KIND_DELIVER: return new IpcMessage.Deliver(Bytes.groupName(in), process(in), payload(in));
            case KIND_CONFCHG:
                return new IpcMessage.ConfChg(Bytes.groupName(in), processes(in), addresses(in), addresses(in));
            case KIND_TOTEM_CONFCHG: {
                int representative = Bytes.i32(in, "ring representative");
                long seq = Bytes.i64(in, "ring seq");
                if (seq < 0) {
                    throw new Bytes.BadInput("negative ring seq");
                }
                int count = count(in, 4, "ring members");
                List<NodeId> members = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    members.add(nodeId(Bytes.i32(in, "node id")));
                }
                return new IpcMessage.TotemConfChg(new RingId(nodeId(representative), seq), members);
            }
            default:
                throw new Bytes.BadInput("unknown frame kind " + kind);
        }
    }

    private static IpcMessage readGroups(ByteBuffer in) {
        CsError error = error(in);
        int count = count(in, 6, "groups");
        Map<GroupName, List<ProcessId>> groups = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            GroupName group = Bytes.groupName(in);
            if (groups.put(group, processes(in)) != null) {
                throw new Bytes.BadInput("group " + group + " listed twice");
            }
        }
        return new IpcMessage.Groups(error, new TreeMap<>(groups));
    }

    private static CsError error(ByteBuffer in) {
        int code = Bytes.i32(in, "error code");
        CsError error = CsError.fromCode(code);
        if (error == null) {
            throw new Bytes.BadInput("unknown error code " + code);
        }
        return error;
    }

    private static NodeId nodeId(int value) {
        if (value < 1 || value > NodeId.VALUE_MAX) {
            throw new Bytes.BadInput("node id " + value + " outside 1.." + NodeId.VALUE_MAX);
        }
        return NodeId.of(value);
    }

    private static byte[] payload(ByteBuffer in) {
        int length = Bytes.i32(in, "payload length");
        if (length < 0 || length > in.remaining()) {
            throw new Bytes.BadInput("payload length " + length + " but " + in.remaining() + " bytes follow");
        }
        return Bytes.bytes(in, length, "payload");
    }

    /** A count whose entries of at least {@code entryBytes} each must fit in what remains. */
    private static int count(ByteBuffer in, int entryBytes, String what) {
        int count = Bytes.i32(in, what + " count");
        if (count < 0 || (long) count * entryBytes > in.remaining()) {
            throw new Bytes.BadInput(what + " count " + count + " does not fit the frame");
        }
        return count;
    }

    private static ProcessId process(ByteBuffer in) {
        NodeId node = nodeId(Bytes.i32(in, "node id"));
        return new ProcessId(node, Bytes.positive(in, "pid"));
    }

    private static List<ProcessId> processes(ByteBuffer in) {
        int count = count(in, 8, "members");
        List<ProcessId> processes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            processes.add(process(in));
        }
        return processes;
    }

    private static List<CpgAddress> addresses(ByteBuffer in) {
        int count = count(in, 12, "member changes");
        List<CpgAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ProcessId process = process(in);
            Reason reason = Reason.fromCode(Bytes.i32(in, "reason"));
            if (reason == null) {
                throw new Bytes.BadInput("unknown reason");
            }
            addresses.add(new CpgAddress(process, reason));
        }
        return addresses;
    }

    /** A growable big-endian buffer for a frame. */
    private static final class Writer {
        private ByteBuffer buffer;

        Writer(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
        }

        Writer u16(int value) {
            ensure(2).buffer.putShort((short) value);
            return this;
        }

        /** Patches the length and kind into the header and returns the frame's bytes. */
        byte[] finishFrame(int kind) {
            int size = buffer.position();
            if (size > FRAME_BYTES_MAX) {
                throw new IllegalArgumentException("frame of " + size + " bytes exceeds " + FRAME_BYTES_MAX);
            }
            buffer.putInt(0, size - 4).put(7, (byte) kind);
            return size == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), size);
        }

        private Writer ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                long needed = (long) buffer.position() + bytes;
                if (needed > FRAME_BYTES_MAX) {
                    throw new IllegalArgumentException("IPC frame would exceed " + FRAME_BYTES_MAX + " bytes");
                }
                long wanted = Math.max(Math.min((long) buffer.capacity() * 2, FRAME_BYTES_MAX), needed);
                ByteBuffer bigger = ByteBuffer.allocate((int) wanted);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return this;
        }

        Writer u8(int value) {
            ensure(1).buffer.put((byte) value);
            return this;
        }

        Writer i32(int value) {
            ensure(4).buffer.putInt(value);
            return this;
        }

        Writer i64(long value) {
            ensure(8).buffer.putLong(value);
            return this;
        }

        Writer bytes(byte[] bytes) {
            ensure(bytes.length).buffer.put(bytes);
            return this;
        }

        Writer name(GroupName group) {
            ensure(Bytes.groupNameBytes(group));
            Bytes.putGroupName(buffer, group);
            return this;
        }

        Writer process(ProcessId process) {
            return i32(process.node().value()).i32(process.pid());
        }

        Writer processes(List<ProcessId> processes) {
            i32(processes.size());
            processes.forEach(this::process);
            return this;
        }

        Writer addresses(List<CpgAddress> addresses) {
            i32(addresses.size());
            addresses.forEach(a -> process(a.process()).i32(a.reason().code()));
            return this;
        }

    }
}
