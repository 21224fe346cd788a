package org.corral.fence.agents.ipmi;

import java.util.HexFormat;

/** Little helpers for byte arrays: hex, little-endian integers, bounds-checked reads. */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private Bytes() {
    }

    public static String hex(byte[] data) {
        return HEX.formatHex(data);
    }

    /** Parses "06 00 ff" or "0600ff". */
    public static byte[] fromHex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", "").replace(":", ""));
    }

    public static int u8(byte[] data, int offset) throws WireException {
        need(data, offset, 1);
        return data[offset] & 0xff;
    }

    public static int u16le(byte[] data, int offset) throws WireException {
        need(data, offset, 2);
        return (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8;
    }

    public static int u32le(byte[] data, int offset) throws WireException {
        need(data, offset, 4);
        return (data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8 | (data[offset + 2] & 0xff) << 16
                | (data[offset + 3] & 0xff) << 24;
    }

    public static byte[] slice(byte[] data, int offset, int length) throws WireException {
        need(data, offset, length);
        byte[] out = new byte[length];
        System.arraycopy(data, offset, out, 0, length);
        return out;
    }

    public static void need(byte[] data, int offset, int length) throws WireException {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new WireException("truncated packet: need " + length + " bytes at offset " + offset + ", have "
                    + data.length);
        }
    }

    public static void putU32le(byte[] data, int offset, int value) {
        data[offset] = (byte) value;
        data[offset + 1] = (byte) (value >>> 8);
        data[offset + 2] = (byte) (value >>> 16);
        data[offset + 3] = (byte) (value >>> 24);
    }

    public static byte[] u32le(int value) {
        byte[] out = new byte[4];
        putU32le(out, 0, value);
        return out;
    }

    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    /** Little-endian int of a 4-byte array known to be long enough. */
    public static int u32leUnchecked(byte[] four) {
        return (four[0] & 0xff) | (four[1] & 0xff) << 8 | (four[2] & 0xff) << 16 | (four[3] & 0xff) << 24;
    }
}
