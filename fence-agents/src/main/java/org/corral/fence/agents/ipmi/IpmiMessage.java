package org.corral.fence.agents.ipmi;

import java.util.Arrays;

/**
 * One IPMI message (request or response) as carried inside a session packet.
 *
 * <pre>
 * request : rsAddr netFn&lt;&lt;2|rsLUN chk1 rqAddr rqSeq&lt;&lt;2|rqLUN cmd data... chk2
 * response: rqAddr netFn&lt;&lt;2|rqLUN chk1 rsAddr rqSeq&lt;&lt;2|rsLUN cmd cc data... chk2
 * </pre>
 * For a response {@code data} starts with the completion code. Checksums are two's complement sums.
 *
 * @param targetAddress first address byte (rsAddr of a request, rqAddr of a response)
 * @param netFn         network function (odd for responses)
 * @param sourceAddress second address byte
 * @param rqSeq         request sequence, 0..63
 * @param command       command number
 * @param data          request data, or completion code + response data
 */
public record IpmiMessage(int targetAddress, int netFn, int sourceAddress, int rqSeq, int command, byte[] data) {
    public static final int BMC_ADDRESS = 0x20;
    public static final int CONSOLE_ADDRESS = 0x81;
    public static final int NETFN_CHASSIS = 0x00;
    public static final int NETFN_APP = 0x06;
    /** Longest message accepted; real fencing messages are under 40 bytes. */
    public static final int MESSAGE_BYTES_MAX = 255;

    public IpmiMessage {
        data = data.clone();
        if (rqSeq < 0 || rqSeq > 63 || netFn < 0 || netFn > 63 || data.length > MESSAGE_BYTES_MAX - 7) {
            throw new IllegalArgumentException("IPMI message field out of range");
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static IpmiMessage request(int netFn, int rqSeq, int command, byte[] data) {
        return new IpmiMessage(BMC_ADDRESS, netFn, CONSOLE_ADDRESS, rqSeq, command, data);
    }

    /** The response to this request: netFn+1, addresses swapped, data = completion code + body. */
    public IpmiMessage response(int completionCode, byte[] body) {
        byte[] payload = new byte[body.length + 1];
        payload[0] = (byte) completionCode;
        System.arraycopy(body, 0, payload, 1, body.length);
        return new IpmiMessage(sourceAddress, netFn | 1, targetAddress, rqSeq, command, payload);
    }

    public boolean isResponse() {
        return (netFn & 1) == 1;
    }

    /** Completion code of a response (0 when the response carries no data at all). */
    public int completionCode() {
        return data.length == 0 ? 0xff : data[0] & 0xff;
    }

    /** Response body after the completion code. */
    public byte[] body() {
        return data.length == 0 ? new byte[0] : Arrays.copyOfRange(data, 1, data.length);
    }

    public byte[] encode() {
        byte[] out = new byte[7 + data.length];
        out[0] = (byte) targetAddress;
        out[1] = (byte) (netFn << 2);
        out[2] = checksum(out, 0, 2);
        out[3] = (byte) sourceAddress;
        out[4] = (byte) (rqSeq << 2);
        out[5] = (byte) command;
        System.arraycopy(data, 0, out, 6, data.length);
        out[out.length - 1] = checksum(out, 3, out.length - 1);
        return out;
    }

    public static IpmiMessage decode(byte[] bytes) throws WireException {
        if (bytes.length < 7) {
            throw new WireException("IPMI message too short: " + bytes.length + " bytes");
        }
        if (bytes.length > MESSAGE_BYTES_MAX) {
            throw new WireException("IPMI message too long: " + bytes.length + " bytes");
        }
        if (checksum(bytes, 0, 2) != bytes[2]) {
            throw new WireException("IPMI header checksum mismatch");
        }
        if (checksum(bytes, 3, bytes.length - 1) != bytes[bytes.length - 1]) {
            throw new WireException("IPMI data checksum mismatch");
        }
        return new IpmiMessage(bytes[0] & 0xff, (bytes[1] & 0xff) >>> 2, bytes[3] & 0xff, (bytes[4] & 0xff) >>> 2,
                bytes[5] & 0xff, Arrays.copyOfRange(bytes, 6, bytes.length - 1));
    }

    static byte checksum(byte[] bytes, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += bytes[i];
        }
        return (byte) -sum;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpmiMessage m && m.targetAddress == targetAddress && m.netFn == netFn
                && m.sourceAddress == sourceAddress && m.rqSeq == rqSeq && m.command == command
                && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + command * 7 + rqSeq;
    }

    @Override
    public String toString() {
        return String.format("netFn=0x%02x cmd=0x%02x seq=%d data=[%s]", netFn, command, rqSeq, Bytes.hex(data));
    }
}
