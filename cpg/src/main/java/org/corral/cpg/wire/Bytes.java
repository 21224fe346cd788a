package org.corral.cpg.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.corral.cpg.core.GroupName;

/** Bounds-checked reads shared by both codecs; every failure is a {@link BadInput} with a reason. */
final class Bytes {
    private Bytes() {}

    /** Thrown inside the codecs only; each codec turns it into its own checked exception. */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    static void need(ByteBuffer in, int bytes, String what) {
        if (in.remaining() < bytes) {
            throw new BadInput("truncated " + what + ": need " + bytes + " bytes, have " + in.remaining());
        }
    }

    static int u8(ByteBuffer in, String what) {
        need(in, 1, what);
        return in.get() & 0xff;
    }

    static int u16(ByteBuffer in, String what) {
        need(in, 2, what);
        return in.getShort() & 0xffff;
    }

    static int i32(ByteBuffer in, String what) {
        need(in, 4, what);
        return in.getInt();
    }

    static long i64(ByteBuffer in, String what) {
        need(in, 8, what);
        return in.getLong();
    }

    static int positive(ByteBuffer in, String what) {
        int value = i32(in, what);
        if (value <= 0) {
            throw new BadInput(what + " " + value + " is not positive");
        }
        return value;
    }

    static byte[] bytes(ByteBuffer in, int length, String what) {
        need(in, length, what);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A group name: u8 length, then that many bytes of strict UTF-8. */
    static GroupName groupName(ByteBuffer in) {
        int length = u8(in, "group name length");
        if (length == 0 || length > GroupName.BYTES_MAX) {
            throw new BadInput("group name length " + length + " outside 1.." + GroupName.BYTES_MAX);
        }
        byte[] raw = bytes(in, length, "group name");
        String name;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            name = chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadInput("group name is not UTF-8");
        }
        if (!GroupName.isValid(name)) {
            throw new BadInput("group name contains NUL");
        }
        return new GroupName(name);
    }

    static int groupNameBytes(GroupName group) {
        return 1 + group.value().getBytes(StandardCharsets.UTF_8).length;
    }

    static void putGroupName(ByteBuffer out, GroupName group) {
        byte[] raw = group.value().getBytes(StandardCharsets.UTF_8);
        out.put((byte) raw.length).put(raw);
    }

    static void end(ByteBuffer in, String what) {
        if (in.hasRemaining()) {
            throw new BadInput(in.remaining() + " trailing bytes after " + what);
        }
    }
}
