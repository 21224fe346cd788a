package org.corral.fence.agents.ipmi;

import java.util.Arrays;
import java.util.Random;
import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;

/**
 * The console side of an IPMI 2.0 RMCP+ session (ipmitool's "lanplus"): Get Channel Authentication
 * Capabilities, Open Session, RAKP 1-4, Set Session Privilege Level, then protected commands and
 * Close Session. Randomness (session id, Rm, IVs) comes from the injected generator.
 */
public final class LanplusSession extends SessionBase {
    private final byte[] sidm = new byte[4];
    private byte[] sidc;
    private SessionKeys keys;

    private LanplusSession(IpmiTransport transport, SessionConfig config, Random random, AgentLog log) {
        super(transport, config, random, log);
        // RMCP+ numbers the session from 1 on (0 is pre-session).
        outSequence = 1;
    }

    /** Opens a session: the whole handshake, then the requested privilege. */
    public static LanplusSession open(IpmiTransport transport, SessionConfig config, Random random, AgentLog log)
            throws FenceException {
        LanplusSession session = new LanplusSession(transport, config, random, log);
        session.login();
        return session;
    }

    @Override
    void handshake() throws FenceException {
        byte[] caps = Handshake.channelAuthCapabilities(transport, true, nextRqSeq());
        if (caps.length < 4 || (caps[1] & 0x80) == 0 || (caps[3] & 0x02) == 0) {
            throw Handshake.loginFailure("the BMC does not offer IPMI v2.0 / RMCP+ on this channel");
        }
        random.nextBytes(sidm);
        if (Arrays.equals(sidm, new byte[4])) {
            sidm[0] = 1;
        }
        sidc = openSession();
        log.debug("RMCP+ session opened, cipher suite " + config.suite().id);
        keys = rakp();
        Handshake.setPrivilege(this, config);
    }

    private byte[] openSession() throws FenceException {
        CipherSuite suite = config.suite();
        byte[] request = Bytes.concat(new byte[] {0, 0, 0, 0}, sidm,
                algorithm(0, suite.auth.number), algorithm(1, suite.integrity.number),
                algorithm(2, suite.confidentialityNumber()));
        byte[] datagram = LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.OPEN_SESSION_REQUEST, 0, 0, request);
        byte[] answer = transport.exchange("Open Session Request", attempt -> datagram,
                in -> preSession(in, LanPacket.Rmcp20.OPEN_SESSION_RESPONSE));
        checkStatus("open session", answer);
        if (answer.length < 36 || !Arrays.equals(Arrays.copyOfRange(answer, 4, 8), sidm)) {
            throw Handshake.loginFailure("malformed Open Session Response");
        }
        if (answer[16] != suite.auth.number || answer[24] != suite.integrity.number
                || answer[32] != suite.confidentialityNumber()) {
            throw Handshake.loginFailure("the BMC chose other algorithms than cipher suite " + suite.id);
        }
        return Arrays.copyOfRange(answer, 8, 12);
    }

    private static byte[] algorithm(int type, int number) {
        return new byte[] {(byte) type, 0, 0, 8, (byte) number, 0, 0, 0};
    }

    private SessionKeys rakp() throws FenceException {
        byte[] rm = new byte[16];
        random.nextBytes(rm);
        int rolem = config.privilege().level | 0x10;
        byte[] user = config.userName();
        byte[] rakp1 = Bytes.concat(new byte[] {0, 0, 0, 0}, sidc, rm,
                new byte[] {(byte) rolem, 0, 0, (byte) user.length}, user);
        byte[] datagram1 = LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.RAKP1, 0, 0, rakp1);
        byte[] rakp2 = transport.exchange("RAKP Message 1", attempt -> datagram1,
                in -> preSession(in, LanPacket.Rmcp20.RAKP2));
        checkStatus("RAKP 2", rakp2);
        CipherSuite suite = config.suite();
        if (rakp2.length != 40 + suite.auth.codeBytes || !Arrays.equals(Arrays.copyOfRange(rakp2, 4, 8), sidm)) {
            throw Handshake.loginFailure("malformed RAKP Message 2");
        }
        Rakp math = new Rakp(suite, sidm, sidc, rm, Arrays.copyOfRange(rakp2, 8, 24),
                Arrays.copyOfRange(rakp2, 24, 40), rolem, user);
        byte[] kuid = IpmiCrypto.kuid(config.password());
        if (!IpmiCrypto.constantTimeEquals(math.rakp2Code(kuid), Arrays.copyOfRange(rakp2, 40, rakp2.length))) {
            throw new FenceException(FailReason.LOGIN_DENIED,
                    "Unable to connect/login to fencing device: RAKP 2 check failed (wrong password?)");
        }
        byte[] rakp3 = Bytes.concat(new byte[] {0, 0, 0, 0}, sidc, math.rakp3Code(kuid));
        byte[] datagram3 = LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.RAKP3, 0, 0, rakp3);
        byte[] rakp4 = transport.exchange("RAKP Message 3", attempt -> datagram3,
                in -> preSession(in, LanPacket.Rmcp20.RAKP4));
        checkStatus("RAKP 4", rakp4);
        SessionKeys derived = math.keys(config.kg().length > 0 ? config.kg() : kuid);
        byte[] icv = math.rakp4Icv(derived.sik());
        if (rakp4.length != 8 + icv.length || !Arrays.equals(Arrays.copyOfRange(rakp4, 4, 8), sidm)
                || !IpmiCrypto.constantTimeEquals(icv, Arrays.copyOfRange(rakp4, 8, rakp4.length))) {
            throw Handshake.loginFailure("RAKP 4 integrity check failed (wrong BMC key?)");
        }
        return derived;
    }

    /** The payload of a pre-session answer of the given type, or null when it is something else. */
    private static byte[] preSession(byte[] datagram, int payloadType) throws WireException {
        LanPacket packet = LanCodec.decode(datagram);
        if (!(packet instanceof LanPacket.Rmcp20 rmcp) || rmcp.payloadType() != payloadType) {
            return null;
        }
        if (rmcp.payload().length < 2) {
            throw new WireException("RMCP+ handshake payload too short");
        }
        return rmcp.payload();
    }

    private void checkStatus(String step, byte[] payload) throws FenceException {
        int status = payload[1] & 0xff;
        if (status != RmcpStatus.OK) {
            throw Handshake.loginFailure("error in " + step + ": " + RmcpStatus.text(status));
        }
    }

    @Override
    IpmiMessage matchAnswer(byte[] datagram, IpmiMessage request) throws WireException {
        LanPacket packet = LanCodec.decode(datagram);
        if (!(packet instanceof LanPacket.Rmcp20 rmcp) || rmcp.payloadType() != LanPacket.Rmcp20.IPMI) {
            throw new WireException("unexpected packet kind in session");
        }
        if (rmcp.sessionId() != Bytes.u32leUnchecked(sidm)) {
            throw new WireException(String.format("wrong session id 0x%08x", rmcp.sessionId()));
        }
        IpmiMessage response = IpmiMessage.decode(Rmcp20Crypt.unwrap(keys, rmcp));
        if (!window.accept(rmcp.sequence())) {
            throw new WireException("replayed or out-of-window session sequence " + Integer.toUnsignedString(rmcp.sequence()));
        }
        return Handshake.matches(request, response) ? response : null;
    }

    @Override
    boolean established() {
        return keys != null;
    }

    @Override
    byte[] wrap(byte[] message, int sequence) {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        return Rmcp20Crypt.wrap(keys, Bytes.u32leUnchecked(sidc), sequence, message, iv);
    }

    @Override
    byte[] closeSessionData() {
        return sidc;
    }
}
