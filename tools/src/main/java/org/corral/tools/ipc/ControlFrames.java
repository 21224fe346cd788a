package org.corral.tools.ipc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames of corrald's control protocol: every service but CPG (which keeps the frames of
 * {@code org.corral.cpg.wire.IpcCodec}) talks through these. Big-endian:
 * <pre>
 *   u32 length (of what follows) | u16 magic 0xC0C1 | u8 version 1 | u8 service | i64 request id | body
 *   request body: u16 command length, command (UTF-8) | u16 argument count | per argument u32 length, UTF-8
 *   reply body:   i32 status (cs_error_t code, 1 = OK) | u32 line count | per line u32 length, UTF-8
 * </pre>
 * Both share the first six bytes with the CPG frames (length, then a two-byte magic), so the
 * server tells them apart before decoding. Decoding checks every count against the bytes present.
 *
 * <p>A reply frame with request id {@link #NOTIFICATION_ID} (0) is a notification: the daemon sends
 * it unasked to a client that subscribed (cmap {@code track}). Clients number their requests from
 * 1, so a client that never subscribes never sees one and the version stays 1.
 */
public final class ControlFrames {
    public static final int MAGIC = 0xC0C1;
    public static final int VERSION = 1;
    /** Largest control frame either way: a full key listing of a big cluster fits. */
    public static final int FRAME_BYTES_MAX = 8 << 20;
    public static final int COMMAND_BYTES_MAX = 64;
    public static final int ARGUMENTS_MAX = 64;
    public static final int LINES_MAX = 200_000;
    static final int HEADER_BYTES = 4 + 2 + 1 + 1 + 8;
    /** The request id of a notification frame; no request carries it. */
    public static final long NOTIFICATION_ID = 0;

    /** A request to {@code service}. */
    public record Request(long requestId, Service service, String command, List<String> arguments) {
        public Request {
            if (service == null || command == null || command.isEmpty() || arguments == null) {
                throw new IllegalArgumentException("a request needs a service and a command");
            }
            arguments = List.copyOf(arguments);
            if (arguments.size() > ARGUMENTS_MAX) {
                throw new IllegalArgumentException("more than " + ARGUMENTS_MAX + " arguments");
            }
        }
    }

    /** The answer: {@code status} is a cs_error_t code (1 = OK), {@code lines} the payload. */
    public record Reply(long requestId, Service service, int status, List<String> lines) {
        public Reply {
            lines = List.copyOf(lines);
        }

        public boolean ok() {
            return status == 1;
        }

        /** A frame the daemon sent unasked (a track notification), not an answer. */
        public boolean notification() {
            return requestId == NOTIFICATION_ID;
        }
    }

    /** Input that is not a control frame; the connection that sent it is closed. */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message);
        }
    }

    private ControlFrames() {}

    public static byte[] encode(Request request) {
        Out out = new Out();
        out.string16(request.command());
        out.u16(request.arguments().size());
        request.arguments().forEach(out::string32);
        return frame(request.requestId(), request.service(), out);
    }

    public static byte[] encode(Reply reply) {
        Out out = new Out();
        out.i32(reply.status());
        out.i32(reply.lines().size());
        reply.lines().forEach(out::string32);
        return frame(reply.requestId(), reply.service(), out);
    }

    private static byte[] frame(long requestId, Service service, Out body) {
        byte[] bytes = body.bytes.toByteArray();
        int total = HEADER_BYTES + bytes.length;
        if (total > FRAME_BYTES_MAX) {
            throw new IllegalArgumentException("control frame of " + total + " bytes exceeds " + FRAME_BYTES_MAX);
        }
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total - 4).putShort((short) MAGIC).put((byte) VERSION).put((byte) service.id()).putLong(requestId)
                .put(bytes);
        return frame.array();
    }

    /** The magic of a frame whose first six bytes are present (0 when fewer are). */
    public static int magicOf(ByteBuffer in) {
        return in.remaining() < 6 ? 0 : Short.toUnsignedInt(in.getShort(in.position() + 4));
    }

    /** Decodes a whole request frame (length prefix included). */
    public static Request decodeRequest(byte[] frame) throws Malformed {
        In in = header(frame);
        String command = in.string16(COMMAND_BYTES_MAX);
        int count = in.u16();
        if (count > ARGUMENTS_MAX) {
            throw new Malformed(count + " arguments, more than " + ARGUMENTS_MAX);
        }
        List<String> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(in.string32());
        }
        in.end();
        if (command.isEmpty()) {
            throw new Malformed("empty command");
        }
        return new Request(in.requestId, in.service, command, arguments);
    }

    /** Decodes a whole reply frame (length prefix included). */
    public static Reply decodeReply(byte[] frame) throws Malformed {
        In in = header(frame);
        int status = in.i32();
        int count = in.i32();
        if (count < 0 || count > LINES_MAX || count > in.buffer.remaining() / 4) {
            throw new Malformed("line count " + count + " does not fit the frame");
        }
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(in.string32());
        }
        in.end();
        return new Reply(in.requestId, in.service, status, lines);
    }

    private static In header(byte[] frame) throws Malformed {
        if (frame.length < HEADER_BYTES || frame.length > FRAME_BYTES_MAX) {
            throw new Malformed("control frame of " + frame.length + " bytes outside " + HEADER_BYTES + ".." + FRAME_BYTES_MAX);
        }
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        int length = buffer.getInt();
        if (length != frame.length - 4) {
            throw new Malformed("length field " + length + " does not match the frame");
        }
        int magic = Short.toUnsignedInt(buffer.getShort());
        if (magic != MAGIC) {
            throw new Malformed(String.format("bad magic 0x%04x", magic));
        }
        int version = Byte.toUnsignedInt(buffer.get());
        if (version != VERSION) {
            throw new Malformed("unsupported control protocol version " + version);
        }
        Service service = Service.byId(Byte.toUnsignedInt(buffer.get()));
        if (service == null) {
            throw new Malformed("unknown service id " + Byte.toUnsignedInt(frame[7]));
        }
        return new In(buffer, service, buffer.getLong());
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void u16(int value) {
            bytes.write(value >>> 8);
            bytes.write(value);
        }

        void i32(int value) {
            bytes.write(value >>> 24);
            bytes.write(value >>> 16);
            bytes.write(value >>> 8);
            bytes.write(value);
        }

        void string16(String text) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            if (data.length > COMMAND_BYTES_MAX) {
                throw new IllegalArgumentException("command longer than " + COMMAND_BYTES_MAX + " bytes");
            }
            u16(data.length);
            bytes.writeBytes(data);
        }

        void string32(String text) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            i32(data.length);
            bytes.writeBytes(data);
        }
    }

    private static final class In {
        final ByteBuffer buffer;
        final Service service;
        final long requestId;

        In(ByteBuffer buffer, Service service, long requestId) {
            this.buffer = buffer;
            this.service = service;
            this.requestId = requestId;
        }

        int u16() throws Malformed {
            need(2);
            return Short.toUnsignedInt(buffer.getShort());
        }

        int i32() throws Malformed {
            need(4);
            return buffer.getInt();
        }

        String string16(int max) throws Malformed {
            int length = u16();
            if (length > max) {
                throw new Malformed("string of " + length + " bytes, more than " + max);
            }
            return text(length);
        }

        String string32() throws Malformed {
            int length = i32();
            if (length < 0) {
                throw new Malformed("negative string length");
            }
            return text(length);
        }

        private String text(int length) throws Malformed {
            need(length);
            ByteBuffer slice = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
            } catch (CharacterCodingException e) {
                throw new Malformed("string is not UTF-8");
            }
        }

        private void need(int bytes) throws Malformed {
            if (buffer.remaining() < bytes) {
                throw new Malformed("frame truncated: " + bytes + " bytes needed, " + buffer.remaining() + " left");
            }
        }

        void end() throws Malformed {
            if (buffer.hasRemaining()) {
                throw new Malformed(buffer.remaining() + " stray bytes after the body");
            }
        }
    }
}
