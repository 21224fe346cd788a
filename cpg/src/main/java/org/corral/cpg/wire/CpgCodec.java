package org.corral.cpg.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.corral.cpg.core.CpgMessage;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.MalformedPayloadException;
import org.corral.cpg.core.PayloadCodec;
import org.corral.cpg.core.Reason;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.RingId;

/**
 * The CPG messages inside totem payloads, big-endian:
 * <pre>
 *   u16 magic 0xC9C6 | u8 version 1 | u8 type (corosync's ids: 0 PROCJOIN, 1 PROCLEAVE, 2 JOINLIST, 3 MCAST)
 *   PROCJOIN   name | i32 pid | i32 reason (1)
 *   PROCLEAVE  name | i32 pid | i32 reason (2 LEAVE, 5 PROCDOWN)
 *   JOINLIST   i32 ring representative | i64 ring seq | i32 chunk | u8 last | u16 count | count x (name | i32 pid)
 *   MCAST      name | i32 pid | i32 length | payload
 *   name = u8 length (1..128) | strict UTF-8 without NUL
 * </pre>
 * Every field is bounds-checked; trailing bytes are an error. Stateless and thread-safe.
 */
public final class CpgCodec implements PayloadCodec {
    public static final int MAGIC = 0xC9C6;
    public static final int VERSION = 1;
    static final int TYPE_PROCJOIN = 0;
    static final int TYPE_PROCLEAVE = 1;
    static final int TYPE_JOINLIST = 2;
    static final int TYPE_MCAST = 3;
    private static final int HEADER_BYTES = 4;
    private static final int NAME_BYTES_MAX = 1 + GroupName.BYTES_MAX;

    public static final CpgCodec INSTANCE = new CpgCodec();

    @Override
    public byte[] encode(CpgMessage message) {
        if (message instanceof CpgMessage.ProcJoin join) {
            ByteBuffer out = header(Bytes.groupNameBytes(join.group()) + 8, TYPE_PROCJOIN);
            Bytes.putGroupName(out, join.group());
            return out.putInt(join.pid()).putInt(Reason.JOIN.code()).array();
        }
        if (message instanceof CpgMessage.ProcLeave leave) {
            ByteBuffer out = header(Bytes.groupNameBytes(leave.group()) + 8, TYPE_PROCLEAVE);
            Bytes.putGroupName(out, leave.group());
            return out.putInt(leave.pid()).putInt(leave.reason().code()).array();
        }
        if (message instanceof CpgMessage.Mcast mcast) {
            ByteBuffer out = header(Bytes.groupNameBytes(mcast.group()) + 8 + mcast.payload().length, TYPE_MCAST);
            Bytes.putGroupName(out, mcast.group());
            return out.putInt(mcast.pid()).putInt(mcast.payload().length).put(mcast.payload()).array();
        }
        CpgMessage.JoinList list = (CpgMessage.JoinList) message;
        int body = 4 + 8 + 4 + 1 + 2;
        for (CpgMessage.Entry entry : list.entries()) {
            body += Bytes.groupNameBytes(entry.group()) + 4;
        }
        ByteBuffer out = header(body, TYPE_JOINLIST);
        out.putInt(list.ring().representative().value()).putLong(list.ring().seq()).putInt(list.chunk())
                .put((byte) (list.last() ? 1 : 0)).putShort((short) list.entries().size());
        for (CpgMessage.Entry entry : list.entries()) {
            Bytes.putGroupName(out, entry.group());
            out.putInt(entry.pid());
        }
        return out.array();
    }

    private static ByteBuffer header(int bodyBytes, int type) {
        return ByteBuffer.allocate(HEADER_BYTES + bodyBytes).putShort((short) MAGIC).put((byte) VERSION).put((byte) type);
    }

    @Override
    public CpgMessage decode(byte[] payload) throws MalformedPayloadException {
        if (payload == null) {
            throw new MalformedPayloadException("no payload");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            int magic = Bytes.u16(in, "header");
            if (magic != MAGIC) {
                throw new Bytes.BadInput(String.format("bad magic 0x%04x", magic));
            }
            int version = Bytes.u8(in, "header");
            if (version != VERSION) {
                throw new Bytes.BadInput("unsupported version " + version);
            }
            int type = Bytes.u8(in, "header");
            CpgMessage message = switch (type) {
                case TYPE_PROCJOIN -> decodeJoin(in);
                case TYPE_PROCLEAVE -> decodeLeave(in);
                case TYPE_JOINLIST -> decodeJoinList(in);
                case TYPE_MCAST -> decodeMcast(in);
                default -> throw new Bytes.BadInput("unknown message type " + type);
            };
            Bytes.end(in, "message type " + type);
            return message;
        } catch (Bytes.BadInput e) {
            throw new MalformedPayloadException(e.getMessage());
        }
    }

    private static CpgMessage decodeJoin(ByteBuffer in) {
        GroupName group = Bytes.groupName(in);
        int pid = Bytes.positive(in, "pid");
        int reason = Bytes.i32(in, "reason");
        if (reason != Reason.JOIN.code()) {
            throw new Bytes.BadInput("procjoin reason " + reason + " is not JOIN");
        }
        return new CpgMessage.ProcJoin(group, pid);
    }

    private static CpgMessage decodeLeave(ByteBuffer in) {
        GroupName group = Bytes.groupName(in);
        int pid = Bytes.positive(in, "pid");
        Reason reason = Reason.fromCode(Bytes.i32(in, "reason"));
        if (reason != Reason.LEAVE && reason != Reason.PROCDOWN) {
            throw new Bytes.BadInput("procleave reason is not LEAVE or PROCDOWN");
        }
        return new CpgMessage.ProcLeave(group, pid, reason);
    }

    private static CpgMessage decodeMcast(ByteBuffer in) {
        GroupName group = Bytes.groupName(in);
        int pid = Bytes.positive(in, "pid");
        int length = Bytes.i32(in, "length");
        if (length < 0 || length != in.remaining()) {
            throw new Bytes.BadInput("mcast length " + length + " but " + in.remaining() + " bytes follow");
        }
        return new CpgMessage.Mcast(group, pid, Bytes.bytes(in, length, "mcast payload"));
    }

    private static CpgMessage decodeJoinList(ByteBuffer in) {
        int representative = Bytes.i32(in, "ring representative");
        long seq = Bytes.i64(in, "ring seq");
        if (representative < 1 || representative > NodeId.VALUE_MAX || seq < 0) {
            throw new Bytes.BadInput("bad ring id " + representative + "." + seq);
        }
        int chunk = Bytes.i32(in, "chunk");
        if (chunk < 0) {
            throw new Bytes.BadInput("negative chunk index " + chunk);
        }
        int last = Bytes.u8(in, "last flag");
        if (last > 1) {
            throw new Bytes.BadInput("last flag " + last + " is not 0 or 1");
        }
        int count = Bytes.u16(in, "entry count");
        if (count > CpgMessage.JOIN_LIST_CHUNK_ENTRIES_MAX) {
            throw new Bytes.BadInput("join list chunk of " + count + " entries, more than " + CpgMessage.JOIN_LIST_CHUNK_ENTRIES_MAX);
        }
        List<CpgMessage.Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GroupName group = Bytes.groupName(in);
            entries.add(new CpgMessage.Entry(group, Bytes.positive(in, "pid")));
        }
        return new CpgMessage.JoinList(new RingId(NodeId.of(representative), seq), chunk, last == 1, entries);
    }

    @Override
    public int mcastOverheadBytesMax() {
        return HEADER_BYTES + NAME_BYTES_MAX + 8;
    }

    @Override
    public int joinListChunkBytesMax() {
        return HEADER_BYTES + 19 + CpgMessage.JOIN_LIST_CHUNK_ENTRIES_MAX * (NAME_BYTES_MAX + 4);
    }
}
