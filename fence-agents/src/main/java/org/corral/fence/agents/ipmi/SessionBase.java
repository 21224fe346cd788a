package org.corral.fence.agents.ipmi;

import java.util.Random;
import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;

/**
 * What both session formats do alike: the login that releases the transport when it fails, the
 * request and session sequence counters, one command exchange that breaks the session on any
 * failure, and the best-effort Close Session. The formats differ only in how a message is wrapped
 * and how an answer is checked.
 */
abstract sealed class SessionBase implements IpmiSession permits Lan15Session, LanplusSession {
    final IpmiTransport transport;
    final SessionConfig config;
    final Random random;
    final AgentLog log;
    final ReplayWindow window = new ReplayWindow();
    /** Console-to-BMC session sequence of the next send; grows on every send, skipping 0 (pre-session). */
    int outSequence;
    private int rqSeq;
    private boolean broken;

    SessionBase(IpmiTransport transport, SessionConfig config, Random random, AgentLog log) {
        this.transport = transport;
        this.config = config;
        this.random = random;
        this.log = log;
    }

    /** The whole login, ending with the requested privilege. */
    abstract void handshake() throws FenceException;

    /** True once the session exists at the BMC (commands may be sent, Close Session is owed). */
    abstract boolean established();

    /** The datagram for one attempt at sending {@code message} as session sequence {@code sequence}. */
    abstract byte[] wrap(byte[] message, int sequence);

    /** The answer to {@code request}, null for a datagram that is not it; throws on a bad one. */
    abstract IpmiMessage matchAnswer(byte[] datagram, IpmiMessage request) throws WireException;

    /** Close Session's data: the session id as the BMC knows it. */
    abstract byte[] closeSessionData();

    /** Runs the handshake; when it fails the half-open session is dropped and the transport released. */
    final void login() throws FenceException {
        try {
            handshake();
        } catch (FenceException e) {
            broken = true;
            transport.close();
            throw e;
        }
    }

    final int nextRqSeq() {
        rqSeq = Handshake.nextRqSeq(rqSeq);
        return rqSeq;
    }

    @Override
    public final IpmiMessage command(int netFn, int command, byte[] data) throws FenceException {
        if (broken || !established()) {
            throw new FenceException(FailReason.CONNECTION_LOST);
        }
        IpmiMessage request = IpmiMessage.request(netFn, nextRqSeq(), command, data);
        byte[] message = request.encode();
        try {
            return transport.exchange(String.format("IPMI command 0x%02x/0x%02x", netFn, command), attempt -> {
                int sequence = outSequence;
                outSequence = outSequence == -1 ? 1 : outSequence + 1;
                return wrap(message, sequence);
            }, in -> matchAnswer(in, request));
        } catch (FenceException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public final void close() {
        if (!broken && established()) {
            try {
                command(IpmiMessage.NETFN_APP, 0x3c, closeSessionData());
            } catch (FenceException e) {
                log.debug("Close Session: " + e.getMessage());
            }
        }
        broken = true;
        transport.close();
    }
}
