package org.corral.fence.agents.ipmi;

import java.util.Arrays;
import java.util.Random;
import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FenceException;

/**
 * The console side of an IPMI 1.5 session (ipmitool's "lan"): Get Channel Authentication Capabilities,
 * Get Session Challenge, Activate Session, Set Session Privilege Level, commands, Close Session.
 * Every packet after the challenge carries the AuthCode of the chosen type (MD5, straight password
 * or none), checked on the answers too.
 */
public final class Lan15Session extends SessionBase {
    private static final int CMD_GET_SESSION_CHALLENGE = 0x39;
    private static final int CMD_ACTIVATE_SESSION = 0x3a;

    private int authType;
    private int sessionId;
    private boolean active;

    private Lan15Session(IpmiTransport transport, SessionConfig config, Random random, AgentLog log) {
        super(transport, config, random, log);
    }

    public static Lan15Session open(IpmiTransport transport, SessionConfig config, Random random, AgentLog log)
            throws FenceException {
        Lan15Session session = new Lan15Session(transport, config, random, log);
        session.login();
        return session;
    }

    @Override
    void handshake() throws FenceException {
        byte[] caps = Handshake.channelAuthCapabilities(transport, false, nextRqSeq());
        authType = chooseAuthType(caps[1] & 0x3f);
        IpmiMessage challengeRequest = IpmiMessage.request(IpmiMessage.NETFN_APP, nextRqSeq(),
                CMD_GET_SESSION_CHALLENGE, Bytes.concat(new byte[] {(byte) authType},
                        Arrays.copyOf(config.userName(), 16)));
        byte[] challengeDatagram = LanCodec.encodeLan15(0, 0, 0, new byte[0], challengeRequest.encode());
        IpmiMessage challenge = transport.exchange("Get Session Challenge", attempt -> challengeDatagram,
                in -> Handshake.matchPreSession(in, challengeRequest));
        if (challenge.completionCode() != 0 || challenge.body().length < 20) {
            throw Handshake.loginFailure(String.format("Get Session Challenge refused (completion code 0x%02x)",
                    challenge.completionCode()));
        }
        byte[] body = challenge.body();
        sessionId = Bytes.u32leUnchecked(Arrays.copyOf(body, 4));
        int consoleFirst = random.nextInt() | 1;
        activate(Arrays.copyOfRange(body, 4, 20), consoleFirst);
        Handshake.setPrivilege(this, config);
    }

    private int chooseAuthType(int offered) throws FenceException {
        int wanted = config.authType();
        if (wanted >= 0) {
            if ((offered & (1 << wanted)) == 0) {
                throw Handshake.loginFailure("the BMC does not offer authentication type " + authName(wanted));
            }
            return wanted;
        }
        for (int candidate : new int[] {LanPacket.Lan15.AUTH_MD5, LanPacket.Lan15.AUTH_PASSWORD,
            LanPacket.Lan15.AUTH_NONE}) {
            if ((offered & (1 << candidate)) != 0) {
                return candidate;
            }
        }
        throw Handshake.loginFailure(String.format("no supported authentication type offered (0x%02x)", offered));
    }

    static String authName(int type) {
        return switch (type) {
            case LanPacket.Lan15.AUTH_NONE -> "none";
            case LanPacket.Lan15.AUTH_MD5 -> "md5";
            case LanPacket.Lan15.AUTH_PASSWORD -> "password";
            default -> "type " + type;
        };
    }

    private void activate(byte[] challenge, int consoleFirst) throws FenceException {
        IpmiMessage request = IpmiMessage.request(IpmiMessage.NETFN_APP, nextRqSeq(), CMD_ACTIVATE_SESSION,
                Bytes.concat(new byte[] {(byte) authType, (byte) config.privilege().level}, challenge,
                        Bytes.u32le(consoleFirst)));
        byte[] message = request.encode();
        byte[] datagram = LanCodec.encodeLan15(authType, 0, sessionId,
                Lan15Auth.code(authType, config.password(), sessionId, message, 0), message);
        window.expectFirst(consoleFirst);
        IpmiMessage answer = transport.exchange("Activate Session", attempt -> datagram,
                in -> matchSession(in, request));
        byte[] body = answer.body();
        if (answer.completionCode() != 0 || body.length < 10) {
            throw Handshake.loginFailure(String.format("Activate Session refused (completion code 0x%02x)",
                    answer.completionCode()));
        }
        sessionId = Bytes.u32leUnchecked(Arrays.copyOfRange(body, 1, 5));
        outSequence = Bytes.u32leUnchecked(Arrays.copyOfRange(body, 5, 9));
        if (outSequence == 0) {
            outSequence = 1;
        }
        active = true;
        // The Activate Session answer travels in the temporary session; the real session's first
        // answer carries the console's initial sequence number again (ipmi_sim and capture 11 agree).
        window.expectFirst(consoleFirst);
        log.debug("IPMI 1.5 session active, authentication " + authName(authType));
    }

    /** An authenticated answer: right auth type and code, session id, fresh sequence, matching request. */
    private IpmiMessage matchSession(byte[] datagram, IpmiMessage request) throws WireException {
        LanPacket packet = LanCodec.decode(datagram);
        if (!(packet instanceof LanPacket.Lan15 lan)) {
            return null;
        }
        IpmiMessage message = IpmiMessage.decode(lan.message());
        if (!Handshake.matches(request, message)) {
            return null;
        }
        if (!active && message.completionCode() != 0) {
            // A refused Activate Session (e.g. wrong password) may carry an AuthCode made with the
            // BMC's password, which we cannot check: the refusal itself is the answer.
            return message;
        }
        if (lan.authType() != authType) {
            throw new WireException("answer with authentication type " + lan.authType());
        }
        byte[] expected = Lan15Auth.code(authType, config.password(), lan.sessionId(), lan.message(), lan.sequence());
        if (!IpmiCrypto.constantTimeEquals(expected, lan.authCode())) {
            throw new WireException("AuthCode mismatch (wrong password or corrupted packet)");
        }
        if (active && lan.sessionId() != sessionId) {
            throw new WireException(String.format("wrong session id 0x%08x", lan.sessionId()));
        }
        if (!window.accept(lan.sequence())) {
            throw new WireException("replayed or out-of-window session sequence");
        }
        return message;
    }

    @Override
    boolean established() {
        return active;
    }

    @Override
    byte[] wrap(byte[] message, int sequence) {
        return LanCodec.encodeLan15(authType, sequence, sessionId,
                Lan15Auth.code(authType, config.password(), sessionId, message, sequence), message);
    }

    @Override
    IpmiMessage matchAnswer(byte[] datagram, IpmiMessage request) throws WireException {
        return matchSession(datagram, request);
    }

    @Override
    byte[] closeSessionData() {
        return Bytes.u32le(sessionId);
    }
}
