package org.corral.totem.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.corral.totem.base.Check;
import org.corral.totem.core.CommitToken;
import org.corral.totem.core.Mcast;
import org.corral.totem.core.MembJoin;
import org.corral.totem.core.MembMergeDetect;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.OrfToken;
import org.corral.totem.core.RingId;
import org.corral.totem.core.TokenHoldCancel;
import org.corral.totem.core.TotemMessage;
import org.corral.totem.rrp.RingTest;

/**
 * The totem wire format, version 1: a 13-byte header shaped like corosync 3's
 * ({@code u16 magic 0xC070, u8 version, u8 type, u8 encapsulated, u32 nodeid, u32 target}) and a
 * big-endian body per type (types 0..5 as corosync's {@code enum message_type}, 6 and 7 as the
 * corosync 2 RRP ring tests). Every count and length is checked against the records' limits
 * before anything is allocated, and trailing bytes are refused, so a datagram decodes to exactly
 * one validated record or to a {@link WireException} with a one-line reason.
 *
 * <p>Body layouts (sizes fit the core's reserve: mcast header 27 of 45 bytes, chunk header 12):
 * <ul>
 *   <li>ORF_TOKEN: ring id, token_seq u64, seq u64, aru u64, aru_addr u32 (0 none), backlog u32,
 *       fcc u32, retrans_flg u8, rtr count u16, then per entry ring id + seq u64.</li>
 *   <li>MCAST: origin u32, ring id, seq u64, body kind u8 (1 packed, 2 encapsulated); packed: chunk
 *       count u16, per chunk message id u48, index u16, count u16, length u16, bytes;
 *       encapsulated: the original's sender u32 then its mcast body as above.</li>
 *   <li>MEMB_JOIN: leave u8, ring_seq u64, proc count u16, failed count u16, node ids u32.</li>
 *   <li>MEMB_MERGE_DETECT, TOKEN_HOLD_CANCEL: ring id.</li>
 *   <li>MEMB_COMMIT_TOKEN: token_seq u64, ring id, memb_index u16, member count u16, entry count
 *       u16, members u32, entries (old ring id, aru u64, high_delivered u64, high_seq_received
 *       u64, received_flg u8).</li>
 *   <li>RING_TEST (6 probe / ack, 7 activate): ring u8, kind u8, activator u32, test id u64.</li>
 * </ul>
 * A ring id is {@code rep u32, seq u64} (12 bytes, corosync 3's memb_ring_id).
 */
public final class WireCodec {
    public static final int MAGIC = 0xC070;
    public static final int VERSION = 1;
    /** The largest UDP payload over IPv4; nothing bigger is ever built or accepted. */
    public static final int PACKET_BYTES_MAX = 65_507;
    public static final int TYPE_ORF_TOKEN = 0;
    public static final int TYPE_MCAST = 1;
    public static final int TYPE_MERGE_DETECT = 2;
    public static final int TYPE_JOIN = 3;
    public static final int TYPE_COMMIT_TOKEN = 4;
    public static final int TYPE_HOLD_CANCEL = 5;
    public static final int TYPE_RING_TEST_ACTIVE = 6;
    public static final int TYPE_RING_TEST_ACTIVATE = 7;
    private static final int ENCAPSULATED_YES = 1;
    private static final int ENCAPSULATED_NO = 2;
    private static final long MESSAGE_ID_MAX = (1L << 48) - 1;
    private static final int U16_MAX = 0xFFFF;
    private static final int BODY_PACKED = 1;
    private static final int BODY_ENCAPSULATED = 2;

    private WireCodec() {}

    /** Encodes a totem message for {@code target} (0 = every node). */
    public static byte[] encode(TotemMessage message, int target) {
        // The records' size estimates are close to this layout; twice as much plus slack always fits.
        ByteBuffer out = ByteBuffer.allocate(Math.min(PACKET_BYTES_MAX, 2 * message.sizeBytes() + 128));
        boolean encapsulated = message instanceof Mcast m && m.body() instanceof Mcast.Encapsulated;
        header(out, typeOf(message), encapsulated, message.sender(), target);
        if (message instanceof OrfToken token) {
            putOrfToken(out, token);
        } else if (message instanceof Mcast mcast) {
            putMcastBody(out, mcast);
        } else if (message instanceof MembJoin join) {
            putJoin(out, join);
        } else if (message instanceof MembMergeDetect merge) {
            putRingId(out, merge.ringId());
        } else if (message instanceof TokenHoldCancel cancel) {
            putRingId(out, cancel.ringId());
        } else if (message instanceof CommitToken commit) {
            putCommitToken(out, commit);
        }
        return finish(out);
    }

    /** Encodes a redundant-ring test message. */
    public static byte[] encode(RingTest test, int target) {
        ByteBuffer out = ByteBuffer.allocate(64);
        int type = test.kind() == RingTest.Kind.ACTIVATE ? TYPE_RING_TEST_ACTIVATE : TYPE_RING_TEST_ACTIVE;
        header(out, type, false, test.sender(), target);
        out.put((byte) test.ring());
        out.put((byte) test.kind().ordinal());
        out.putInt(test.activator().value());
        out.putLong(test.testId());
        return finish(out);
    }

    /** Decodes one datagram; never throws anything but {@link WireException}. */
    public static Packet decode(byte[] bytes, int offset, int length) throws WireException {
        if (bytes == null || offset < 0 || length < 0 || offset + length > bytes.length || offset + length < 0) {
            throw new WireException("packet bounds are invalid");
        }
        if (length < TotemMessage.HEADER_BYTES || length > PACKET_BYTES_MAX) {
            throw new WireException("packet of " + length + " bytes outside " + TotemMessage.HEADER_BYTES + ".." + PACKET_BYTES_MAX);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length).slice();
        try {
            Packet packet = decodeChecked(in);
            if (in.hasRemaining()) {
                throw new WireException(in.remaining() + " trailing bytes after the message");
            }
            return packet;
        } catch (BufferUnderflowException e) {
            throw new WireException("packet truncated");
        } catch (IllegalArgumentException e) {
            throw new WireException("invalid field: " + e.getMessage());
        }
    }

    public static Packet decode(byte[] bytes) throws WireException {
        return decode(bytes, 0, bytes == null ? 0 : bytes.length);
    }

    private static Packet decodeChecked(ByteBuffer in) throws WireException {
        int magic = u16(in);
        if (magic != MAGIC) {
            throw new WireException(String.format("bad magic 0x%04x", magic));
        }
        int version = u8(in);
        if (version != VERSION) {
            throw new WireException("unsupported wire version " + version);
        }
        int type = u8(in);
        int encapsulated = u8(in);
        if (encapsulated != ENCAPSULATED_YES && encapsulated != ENCAPSULATED_NO) {
            throw new WireException("bad encapsulated flag " + encapsulated);
        }
        NodeId sender = node(in);
        int target = in.getInt();
        if (target != 0) {
            NodeId.of(target);
        }
        boolean isEncapsulated = encapsulated == ENCAPSULATED_YES;
        if (isEncapsulated && type != TYPE_MCAST) {
            throw new WireException("encapsulated flag on message type " + type);
        }
        return switch (type) {
            case TYPE_ORF_TOKEN -> new Packet.Totem(getOrfToken(in, sender), target);
            case TYPE_MCAST -> new Packet.Totem(getMcast(in, sender, isEncapsulated), target);
            case TYPE_MERGE_DETECT -> new Packet.Totem(new MembMergeDetect(sender, getRingId(in)), target);
            case TYPE_JOIN -> new Packet.Totem(getJoin(in, sender), target);
            case TYPE_COMMIT_TOKEN -> new Packet.Totem(getCommitToken(in, sender), target);
            case TYPE_HOLD_CANCEL -> new Packet.Totem(new TokenHoldCancel(sender, getRingId(in)), target);
            case TYPE_RING_TEST_ACTIVE, TYPE_RING_TEST_ACTIVATE -> new Packet.Rrp(getRingTest(in, sender, type), target);
            default -> throw new WireException("unknown message type " + type);
        };
    }

    private static int typeOf(TotemMessage message) {
        if (message instanceof OrfToken) {
            return TYPE_ORF_TOKEN;
        } else if (message instanceof Mcast) {
            return TYPE_MCAST;
        } else if (message instanceof MembMergeDetect) {
            return TYPE_MERGE_DETECT;
        } else if (message instanceof MembJoin) {
            return TYPE_JOIN;
        } else if (message instanceof CommitToken) {
            return TYPE_COMMIT_TOKEN;
        }
        return TYPE_HOLD_CANCEL;
    }

    private static void header(ByteBuffer out, int type, boolean encapsulated, NodeId sender, int target) {
        Check.argument(target >= 0 && target <= NodeId.VALUE_MAX, "target node " + target + " out of range");
        out.putShort((short) MAGIC);
        out.put((byte) VERSION);
        out.put((byte) type);
        out.put((byte) (encapsulated ? ENCAPSULATED_YES : ENCAPSULATED_NO));
        out.putInt(sender.value());
        out.putInt(target);
    }

    private static byte[] finish(ByteBuffer out) {
        byte[] bytes = new byte[out.position()];
        out.flip();
        out.get(bytes);
        return bytes;
    }

    // ---- ORF token ----

    private static void putOrfToken(ByteBuffer out, OrfToken token) {
        putRingId(out, token.ringId());
        out.putLong(token.tokenSeq());
        out.putLong(token.seq());
        out.putLong(token.aru());
        out.putInt(token.aruAddr().map(NodeId::value).orElse(0));
        out.putInt(token.backlog());
        out.putInt(token.fcc());
        out.put((byte) (token.retransFlg() ? 1 : 0));
        out.putShort((short) token.rtrList().size());
        for (OrfToken.RtrItem item : token.rtrList()) {
            putRingId(out, item.ringId());
            out.putLong(item.seq());
        }
    }

    private static OrfToken getOrfToken(ByteBuffer in, NodeId sender) throws WireException {
        RingId ringId = getRingId(in);
        long tokenSeq = in.getLong();
        long seq = in.getLong();
        long aru = in.getLong();
        int aruAddr = in.getInt();
        int backlog = in.getInt();
        int fcc = in.getInt();
        boolean retrans = flag(in);
        int count = u16(in);
        if (count > OrfToken.RTR_ENTRIES_MAX) {
            throw new WireException("rtr list of " + count + " entries exceeds " + OrfToken.RTR_ENTRIES_MAX);
        }
        List<OrfToken.RtrItem> rtr = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rtr.add(new OrfToken.RtrItem(getRingId(in), in.getLong()));
        }
        Optional<NodeId> aruNode = aruAddr == 0 ? Optional.empty() : Optional.of(NodeId.of(aruAddr));
        return new OrfToken(sender, ringId, tokenSeq, seq, aru, aruNode, backlog, fcc, retrans, rtr);
    }

    // ---- mcast ----

    private static void putMcastBody(ByteBuffer out, Mcast mcast) {
        out.putInt(mcast.origin().value());
        putRingId(out, mcast.ringId());
        out.putLong(mcast.seq());
        if (mcast.body() instanceof Mcast.Encapsulated encapsulated) {
            out.put((byte) BODY_ENCAPSULATED);
            out.putInt(encapsulated.original().sender().value());
            putMcastBody(out, encapsulated.original());
            return;
        }
        Mcast.Packed packed = (Mcast.Packed) mcast.body();
        out.put((byte) BODY_PACKED);
        Check.argument(packed.chunks().size() <= U16_MAX, "too many chunks in one mcast");
        out.putShort((short) packed.chunks().size());
        for (Mcast.Chunk chunk : packed.chunks()) {
            Check.argument(chunk.messageId() <= MESSAGE_ID_MAX && chunk.count() <= U16_MAX
                    && chunk.bytes().length <= U16_MAX, "chunk exceeds the wire format's fields");
            out.putShort((short) (chunk.messageId() >>> 32));
            out.putInt((int) chunk.messageId());
            out.putShort((short) chunk.index());
            out.putShort((short) chunk.count());
            out.putShort((short) chunk.bytes().length);
            out.put(chunk.bytes());
        }
    }

    private static Mcast getMcast(ByteBuffer in, NodeId sender, boolean encapsulated) throws WireException {
        NodeId origin = node(in);
        RingId ringId = getRingId(in);
        long seq = in.getLong();
        int kind = u8(in);
        if (kind == BODY_ENCAPSULATED) {
            if (!encapsulated) {
                throw new WireException("encapsulated body without the header flag");
            }
            NodeId originalSender = node(in);
            Mcast original = getMcast(in, originalSender, false);
            return new Mcast(sender, origin, ringId, seq, new Mcast.Encapsulated(original));
        }
        if (kind != BODY_PACKED || encapsulated) {
            throw new WireException("bad mcast body kind " + kind);
        }
        int chunkCount = u16(in);
        // Every chunk needs at least its 12-byte header: refuse counts the packet cannot hold.
        if (chunkCount == 0 || chunkCount > in.remaining() / Mcast.CHUNK_HEADER_BYTES) {
            throw new WireException("mcast claims " + chunkCount + " chunks");
        }
        List<Mcast.Chunk> chunks = new ArrayList<>(chunkCount);
        for (int i = 0; i < chunkCount; i++) {
            long messageId = ((long) u16(in) << 32) | (in.getInt() & 0xFFFF_FFFFL);
            int index = u16(in);
            int count = u16(in);
            int length = u16(in);
            if (length > in.remaining()) {
                throw new WireException("chunk of " + length + " bytes but " + in.remaining() + " left");
            }
            byte[] data = new byte[length];
            in.get(data);
            chunks.add(new Mcast.Chunk(messageId, index, count, data));
        }
        return new Mcast(sender, origin, ringId, seq, new Mcast.Packed(chunks));
    }

    // ---- join ----

    private static void putJoin(ByteBuffer out, MembJoin join) {
        out.put((byte) (join.leave() ? 1 : 0));
        out.putLong(join.ringSeq());
        out.putShort((short) join.procList().size());
        out.putShort((short) join.failedList().size());
        join.procList().forEach(node -> out.putInt(node.value()));
        join.failedList().forEach(node -> out.putInt(node.value()));
    }

    private static MembJoin getJoin(ByteBuffer in, NodeId sender) throws WireException {
        boolean leave = flag(in);
        long ringSeq = in.getLong();
        int procCount = u16(in);
        int failedCount = u16(in);
        if (procCount > MembJoin.LIST_ENTRIES_MAX || failedCount > MembJoin.LIST_ENTRIES_MAX
                || (long) (procCount + failedCount) * 4 > in.remaining()) {
            throw new WireException("join lists of " + procCount + "+" + failedCount + " entries do not fit");
        }
        return new MembJoin(sender, nodes(in, procCount), nodes(in, failedCount), ringSeq, leave);
    }

    // ---- commit token ----

    private static void putCommitToken(ByteBuffer out, CommitToken token) {
        out.putLong(token.tokenSeq());
        putRingId(out, token.ringId());
        out.putShort((short) token.membIndex());
        out.putShort((short) token.members().size());
        out.putShort((short) token.entries().size());
        token.members().forEach(node -> out.putInt(node.value()));
        for (CommitToken.Entry entry : token.entries()) {
            putRingId(out, entry.oldRingId());
            out.putLong(entry.aru());
            out.putLong(entry.highDelivered());
            out.putLong(entry.highSeqReceived());
            out.put((byte) (entry.receivedFlg() ? 1 : 0));
        }
    }

    private static CommitToken getCommitToken(ByteBuffer in, NodeId sender) throws WireException {
        long tokenSeq = in.getLong();
        RingId ringId = getRingId(in);
        int membIndex = u16(in);
        int memberCount = u16(in);
        int entryCount = u16(in);
        if (memberCount > MembJoin.LIST_ENTRIES_MAX || entryCount > memberCount
                || (long) memberCount * 4 + (long) entryCount * 37 > in.remaining()) {
            throw new WireException("commit token of " + memberCount + " members / " + entryCount + " entries does not fit");
        }
        List<NodeId> members = nodes(in, memberCount);
        List<CommitToken.Entry> entries = new ArrayList<>(entryCount);
        for (int i = 0; i < entryCount; i++) {
            entries.add(new CommitToken.Entry(getRingId(in), in.getLong(), in.getLong(), in.getLong(), flag(in)));
        }
        return new CommitToken(sender, tokenSeq, ringId, members, entries, membIndex);
    }

    // ---- RRP ring test ----

    private static RingTest getRingTest(ByteBuffer in, NodeId sender, int type) throws WireException {
        int ring = u8(in);
        int kindIndex = u8(in);
        NodeId activator = node(in);
        long testId = in.getLong();
        RingTest.Kind[] kinds = RingTest.Kind.values();
        if (kindIndex >= kinds.length) {
            throw new WireException("bad ring test kind " + kindIndex);
        }
        RingTest.Kind kind = kinds[kindIndex];
        if ((type == TYPE_RING_TEST_ACTIVATE) != (kind == RingTest.Kind.ACTIVATE)) {
            throw new WireException("ring test kind " + kind + " under type " + type);
        }
        return new RingTest(sender, ring, activator, testId, kind);
    }

    // ---- primitives ----

    private static void putRingId(ByteBuffer out, RingId ringId) {
        out.putInt(ringId.representative().value());
        out.putLong(ringId.seq());
    }

    private static RingId getRingId(ByteBuffer in) throws WireException {
        NodeId rep = node(in);
        return new RingId(rep, in.getLong());
    }

    private static List<NodeId> nodes(ByteBuffer in, int count) throws WireException {
        List<NodeId> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(node(in));
        }
        return nodes;
    }

    private static NodeId node(ByteBuffer in) throws WireException {
        int value = in.getInt();
        if (value < 1 || value > NodeId.VALUE_MAX) {
            throw new WireException("node id " + Integer.toUnsignedString(value) + " outside 1.." + NodeId.VALUE_MAX);
        }
        return NodeId.of(value);
    }

    private static boolean flag(ByteBuffer in) throws WireException {
        int value = u8(in);
        if (value > 1) {
            throw new WireException("flag byte " + value + " is not 0 or 1");
        }
        return value == 1;
    }

    private static int u8(ByteBuffer in) {
        return in.get() & 0xFF;
    }

    private static int u16(ByteBuffer in) {
        return in.getShort() & 0xFFFF;
    }
}
