package org.corral.fence.agents.ipmi;

import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;

/** Pre-session steps both session formats share. */
final class Handshake {
    static final int CMD_GET_CHANNEL_AUTH_CAPS = 0x38;

    private Handshake() {
    }

    /**
     * Get Channel Authentication Capabilities for the current channel at administrator level, sent as
     * an unauthenticated IPMI 1.5 packet. Returns the response body (after the completion code).
     *
     * @param v2 set bit 7 of the channel byte: ask for the IPMI v2.0 extended data
     */
    static byte[] channelAuthCapabilities(IpmiTransport transport, boolean v2, int rqSeq) throws FenceException {
        IpmiMessage request = IpmiMessage.request(IpmiMessage.NETFN_APP, rqSeq, CMD_GET_CHANNEL_AUTH_CAPS,
                new byte[] {(byte) (v2 ? 0x8e : 0x0e), 0x04});
        byte[] datagram = LanCodec.encodeLan15(0, 0, 0, new byte[0], request.encode());
        IpmiMessage response = transport.exchange("Get Channel Authentication Capabilities", attempt -> datagram,
                in -> matchPreSession(in, request));
        if (response.completionCode() != 0) {
            throw loginFailure(String.format("Get Channel Authentication Capabilities failed"
                    + " (completion code 0x%02x)", response.completionCode()));
        }
        byte[] body = response.body();
        if (body.length < 8) {
            throw loginFailure("short authentication capabilities answer");
        }
        return body;
    }

    /** The answer to {@code request} in an unauthenticated IPMI 1.5 packet, or null for anything else. */
    static IpmiMessage matchPreSession(byte[] datagram, IpmiMessage request) throws WireException {
        LanPacket packet = LanCodec.decode(datagram);
        if (!(packet instanceof LanPacket.Lan15 lan) || lan.authType() != 0) {
            return null;
        }
        IpmiMessage message = IpmiMessage.decode(lan.message());
        return matches(request, message) ? message : null;
    }

    /** The last handshake step of both formats: Set Session Privilege Level to the configured one. */
    static void setPrivilege(IpmiSession session, SessionConfig config) throws FenceException {
        IpmiMessage answer = session.command(IpmiMessage.NETFN_APP, 0x3b, new byte[] {(byte) config.privilege().level});
        if (answer.completionCode() != IpmiSession.COMPLETION_OK) {
            throw new FenceException(FailReason.INVALID_PRIVILEGES, String.format(
                    "Failed: Set Session Privilege Level to %s refused (completion code 0x%02x)",
                    config.privilege().lower(), answer.completionCode()));
        }
    }

    /** fence_ipmilan's wording for every refused or broken login. */
    static FenceException loginFailure(String detail) {
        return new FenceException(FailReason.LOGIN_DENIED, "Unable to connect/login to fencing device: " + detail);
    }

    /** The request sequence number after {@code rqSeq}: six bits, wrapping. */
    static int nextRqSeq(int rqSeq) {
        return (rqSeq + 1) & 0x3f;
    }

    static boolean matches(IpmiMessage request, IpmiMessage response) {
        return response.netFn() == (request.netFn() | 1) && response.command() == request.command()
                && response.rqSeq() == request.rqSeq();
    }
}
