package org.corral.fence.agents.sim.ipmi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corral.fence.agents.ipmi.Bytes;
import org.corral.fence.agents.ipmi.CipherSuite;
import org.corral.fence.agents.ipmi.IpmiCrypto;
import org.corral.fence.agents.ipmi.IpmiMessage;
import org.corral.fence.agents.ipmi.Lan15Auth;
import org.corral.fence.agents.ipmi.LanCodec;
import org.corral.fence.agents.ipmi.LanPacket;
import org.corral.fence.agents.ipmi.Rakp;
import org.corral.fence.agents.ipmi.ReplayWindow;
import org.corral.fence.agents.ipmi.Rmcp20Crypt;
import org.corral.fence.agents.ipmi.RmcpStatus;
import org.corral.fence.agents.ipmi.SessionKeys;
import org.corral.fence.agents.ipmi.WireException;

/**
 * A virtual BMC: the server side of IPMI 1.5 and RMCP+ sessions and a chassis with a power state.
 * Deterministic core: datagrams and the time in, answers and {@link BmcEvent}s out; randomness (session
 * ids, Rc, IVs) from the injected generator. No sockets, threads or clocks; {@link IpmiSimMain} is the
 * shell. Datagrams that fail their checks are dropped (logged), as a real BMC does.
 */
public final class VirtualBmc {
    /** Open sessions at most (pending and active, both formats); the least recently used goes first. */
    public static final int SESSIONS_MAX = 64;
    /** A session idle this long is forgotten. */
    public static final long SESSION_IDLE_MS_MAX = 60_000;
    /** Administrator: every configured user may do everything. */
    static final int USER_PRIVILEGE = 4;

    /**
     * @param users        user name to password, in configuration order
     * @param cipherSuites suites offered over RMCP+
     * @param guid         16-byte system GUID used in RAKP
     * @param lan15        whether IPMI 1.5 sessions are offered
     */
    public record Config(Map<String, String> users, SortedSet<Integer> cipherSuites, byte[] guid, boolean lan15) {
        public Config {
            users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
            cipherSuites = Collections.unmodifiableSortedSet(new TreeSet<>(cipherSuites));
            guid = guid.clone();
            if (guid.length != 16) {
                throw new IllegalArgumentException("GUID must be 16 bytes");
            }
            for (int id : cipherSuites) {
                if (CipherSuite.byId(id).isEmpty()) {
                    throw new IllegalArgumentException("unsupported cipher suite " + id);
                }
            }
        }
    }

    /** Answers and events of one datagram. */
    public record Output(List<byte[]> replies, List<BmcEvent> events) {
    }

    /** An RMCP+ session from Open Session on; {@code keys} set once RAKP 3 checked out. */
    private static final class PlusSession {
        int sidm;
        int sidc;
        CipherSuite suite;
        byte[] rm;
        byte[] rc;
        int rolem;
        String user;
        SessionKeys keys;
        int privilege = 1;
        int outSequence = 1;
        final ReplayWindow window = new ReplayWindow();
        long lastUsedMs;
    }

    /** An IPMI 1.5 session: a challenge first, active after Activate Session. */
    private static final class Lan15Session {
        int sessionId;
        int authType;
        String user;
        byte[] challenge;
        boolean active;
        int privilege = 1;
        int maxPrivilege;
        int outSequence;
        final ReplayWindow window = new ReplayWindow();
        long lastUsedMs;
        /** The temporary id and the answer of Activate Session, to answer a retransmission again. */
        int tempId;
        byte[] activationReply;
    }

    private final Config config;
    private final Random random;
    private final TreeMap<Integer, PlusSession> plusSessions = new TreeMap<>();
    private final TreeMap<Integer, Lan15Session> lan15Sessions = new TreeMap<>();
    private boolean powerOn;
    private BmcFault fault = BmcFault.NONE;
    private List<BmcEvent> events = new ArrayList<>();

    public VirtualBmc(Config config, boolean powerOn, Random random) {
        this.config = Objects.requireNonNull(config, "config");
        this.powerOn = powerOn;
        this.random = Objects.requireNonNull(random, "random");
    }

    public boolean powerOn() {
        return powerOn;
    }

    public BmcFault fault() {
        return fault;
    }

    public void setFault(BmcFault value) {
        fault = Objects.requireNonNull(value, "fault");
    }

    /** Sessions currently held (for tests and limits). */
    public int sessionCount() {
        return plusSessions.size() + lan15Sessions.size();
    }

    /** Handles one datagram from {@code peer} at time {@code nowMs}. */
    public Output handle(byte[] datagram, String peer, long nowMs) {
        events = new ArrayList<>();
        List<byte[]> replies = new ArrayList<>();
        expire(nowMs);
        if (fault == BmcFault.TIMEOUT) {
            log(peer + " ignored (fault timeout), " + datagram.length + " bytes");
        } else if (fault == BmcFault.GARBAGE) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            replies.add(junk);
            log(peer + " answered with garbage (fault garbage)");
        } else {
            try {
                LanPacket packet = LanCodec.decode(datagram);
                byte[] reply = dispatch(packet, peer, nowMs);
                if (reply != null) {
                    replies.add(reply);
                }
            } catch (WireException e) {
                log(peer + " dropped: " + e.getMessage());
            } catch (RuntimeException e) {
                // A hostile datagram must never take the BMC down; record it and carry on.
                log(peer + " dropped after internal error: " + e);
            }
        }
        check();
        return new Output(replies, events);
    }

    private byte[] dispatch(LanPacket packet, String peer, long nowMs) throws WireException {
        if (packet instanceof LanPacket.Asf asf) {
            if (asf.messageType() != LanPacket.Asf.PING) {
                throw new WireException("ASF message type " + asf.messageType() + " ignored");
            }
            log(peer + " ASF presence ping");
            return LanCodec.asfPong(asf.tag());
        }
        if (packet instanceof LanPacket.Lan15 lan) {
            return lan.sessionId() == 0 && lan.authType() == 0 ? lan15PreSession(lan, peer, nowMs)
                    : lan15Session(lan, peer, nowMs);
        }
        LanPacket.Rmcp20 rmcp = (LanPacket.Rmcp20) packet;
        return switch (rmcp.payloadType()) {
            case LanPacket.Rmcp20.OPEN_SESSION_REQUEST -> openSession(rmcp, peer, nowMs);
            case LanPacket.Rmcp20.RAKP1 -> rakp1(rmcp, peer, nowMs);
            case LanPacket.Rmcp20.RAKP3 -> rakp3(rmcp, peer, nowMs);
            case LanPacket.Rmcp20.IPMI -> rmcp.sessionId() == 0 ? plusPreSession(rmcp, peer)
                    : plusSession(rmcp, peer, nowMs);
            default -> throw new WireException("RMCP+ payload type " + rmcp.payloadType() + " not handled");
        };
    }

    // ---- RMCP+ ----

    private byte[] openSession(LanPacket.Rmcp20 packet, String peer, long nowMs) throws WireException {
        byte[] p = packet.payload();
        Bytes.need(p, 0, 32);
        int tag = p[0] & 0xff;
        int sidm = Bytes.u32le(p, 4);
        CipherSuite suite = CipherSuite.byAlgorithms(p[12] & 0x3f, p[20] & 0x3f, p[28] & 0x3f).orElse(null);
        if (suite == null || !config.cipherSuites().contains(suite.id) || p[8] != 0 || p[16] != 1 || p[24] != 2) {
            log(peer + " Open Session refused: no matching cipher suite (offered " + config.cipherSuites() + ")");
            return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.OPEN_SESSION_RESPONSE, 0, 0,
                    new byte[] {(byte) tag, (byte) RmcpStatus.INVALID_AUTH_ALGORITHM});
        }
        PlusSession pending = plusSessions.values().stream()
                .filter(s -> s.sidm == sidm && s.keys == null && s.rc == null).findFirst().orElse(null);
        if (pending != null) {
            // A retransmitted Open Session Request: answer with the session already made for it.
            pending.lastUsedMs = nowMs;
            return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.OPEN_SESSION_RESPONSE, 0, 0, Bytes.concat(
                    new byte[] {(byte) tag, 0, p[1], 0}, Bytes.u32le(sidm), Bytes.u32le(pending.sidc),
                    Arrays.copyOfRange(p, 8, 32)));
        }
        makeRoom(nowMs);
        PlusSession session = new PlusSession();
        session.sidm = sidm;
        session.sidc = newSessionId();
        session.suite = suite;
        session.lastUsedMs = nowMs;
        plusSessions.put(session.sidc, session);
        log(peer + String.format(" Open Session: cipher suite %d, BMC session 0x%08x", suite.id, session.sidc));
        byte[] answer = Bytes.concat(new byte[] {(byte) tag, 0, p[1], 0}, Bytes.u32le(sidm), Bytes.u32le(session.sidc),
                Arrays.copyOfRange(p, 8, 32));
        return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.OPEN_SESSION_RESPONSE, 0, 0, answer);
    }

    private byte[] rakp1(LanPacket.Rmcp20 packet, String peer, long nowMs) throws WireException {
        byte[] p = packet.payload();
        Bytes.need(p, 0, 28);
        int ulen = p[27] & 0xff;
        if (ulen > Rakp.USER_NAME_BYTES_MAX) {
            throw new WireException("RAKP 1 user name length " + ulen);
        }
        Bytes.need(p, 28, ulen);
        PlusSession session = plusSessions.get(Bytes.u32le(p, 4));
        if (session == null || session.keys != null) {
            throw new WireException("RAKP 1 for an unknown session");
        }
        session.lastUsedMs = nowMs;
        boolean retransmit = session.rc != null && Arrays.equals(session.rm, Arrays.copyOfRange(p, 8, 24));
        session.rm = Arrays.copyOfRange(p, 8, 24);
        session.rolem = p[24] & 0xff;
        session.user = new String(p, 28, ulen, StandardCharsets.UTF_8);
        String password = config.users().get(session.user);
        int role = session.rolem & 0x0f;
        if (password == null || role < 1 || role > USER_PRIVILEGE) {
            int status = password == null ? RmcpStatus.UNAUTHORIZED_NAME : RmcpStatus.INVALID_ROLE;
            log(peer + " RAKP 1 refused for user '" + session.user + "': " + RmcpStatus.text(status));
            plusSessions.remove(session.sidc);
            return rakpError(LanPacket.Rmcp20.RAKP2, p[0], status, session.sidm);
        }
        if (!retransmit) {
            // A retransmitted RAKP 1 (same Rm) gets the same Rc, so the console's RAKP 3 still fits.
            session.rc = new byte[16];
            random.nextBytes(session.rc);
        }
        byte[] code = rakp(session).rakp2Code(kuid(password));
        byte[] answer = Bytes.concat(new byte[] {p[0], 0, 0, 0}, Bytes.u32le(session.sidm), session.rc, config.guid(),
                code);
        return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.RAKP2, 0, 0, answer);
    }

    private byte[] rakp3(LanPacket.Rmcp20 packet, String peer, long nowMs) throws WireException {
        byte[] p = packet.payload();
        Bytes.need(p, 0, 8);
        PlusSession session = plusSessions.get(Bytes.u32le(p, 4));
        if (session == null || session.rc == null) {
            throw new WireException("RAKP 3 for an unknown session");
        }
        session.lastUsedMs = nowMs;
        if (session.keys != null) {
            // The console did not get our RAKP 4: answer its retransmitted RAKP 3 again if it is genuine.
            Rakp math = rakp(session);
            if (!IpmiCrypto.constantTimeEquals(math.rakp3Code(kuid(config.users().get(session.user))),
                    Arrays.copyOfRange(p, 8, p.length))) {
                throw new WireException("repeated RAKP 3 with a wrong code");
            }
            return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.RAKP4, 0, 0, Bytes.concat(new byte[] {p[0], 0, 0, 0},
                    Bytes.u32le(session.sidm), math.rakp4Icv(session.keys.sik())));
        }
        if (p[1] != 0) {
            log(peer + " RAKP 3 carried error status " + (p[1] & 0xff) + "; session dropped");
            plusSessions.remove(session.sidc);
            return null;
        }
        Rakp math = rakp(session);
        byte[] kuid = kuid(config.users().get(session.user));
        if (!IpmiCrypto.constantTimeEquals(math.rakp3Code(kuid), Arrays.copyOfRange(p, 8, p.length))) {
            log(peer + " RAKP 3 check failed for user '" + session.user + "' (wrong password)");
            plusSessions.remove(session.sidc);
            return rakpError(LanPacket.Rmcp20.RAKP4, p[0], RmcpStatus.INVALID_INTEGRITY_CHECK, session.sidm);
        }
        session.keys = math.keys(kuid);
        session.privilege = Math.min(USER_PRIVILEGE, Math.max(1, session.rolem & 0x0f));
        log(peer + String.format(" session 0x%08x established for user '%s', cipher suite %d", session.sidc,
                session.user, session.suite.id));
        byte[] answer = Bytes.concat(new byte[] {p[0], 0, 0, 0}, Bytes.u32le(session.sidm),
                math.rakp4Icv(session.keys.sik()));
        return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.RAKP4, 0, 0, answer);
    }

    private Rakp rakp(PlusSession session) {
        return new Rakp(session.suite, Bytes.u32le(session.sidm), Bytes.u32le(session.sidc), session.rm, session.rc,
                config.guid(), session.rolem, session.user.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] kuid(String password) {
        return IpmiCrypto.kuid(password.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] rakpError(int type, byte tag, int status, int sidm) {
        byte[] answer = Bytes.concat(new byte[] {tag, (byte) status, 0, 0}, Bytes.u32le(sidm));
        return LanCodec.encodeRmcp20Plain(type, 0, 0, answer);
    }

    /** Unauthenticated IPMI messages over RMCP+ (ipmitool's Get Channel Cipher Suites). */
    private byte[] plusPreSession(LanPacket.Rmcp20 packet, String peer) throws WireException {
        if (packet.encrypted() || packet.authenticated()) {
            throw new WireException("protected payload outside a session");
        }
        IpmiMessage request = IpmiMessage.decode(packet.payload());
        IpmiMessage response = preSessionAnswer(request, peer);
        return LanCodec.encodeRmcp20Plain(LanPacket.Rmcp20.IPMI, 0, 0, response.encode());
    }

    private byte[] plusSession(LanPacket.Rmcp20 packet, String peer, long nowMs) throws WireException {
        PlusSession session = plusSessions.get(packet.sessionId());
        if (session == null || session.keys == null) {
            throw new WireException(String.format("packet for unknown session 0x%08x", packet.sessionId()));
        }
        IpmiMessage request = IpmiMessage.decode(Rmcp20Crypt.unwrap(session.keys, packet));
        if (!session.window.accept(packet.sequence())) {
            throw new WireException("replayed or out-of-window sequence " + Integer.toUnsignedString(packet.sequence()));
        }
        session.lastUsedMs = nowMs;
        IpmiMessage response = BmcCommands.handle(request, new SessionContext(session, null));
        log(peer + String.format(" session 0x%08x %s [%s] -> cc %02x", session.sidc, BmcCommands.describe(request),
                Bytes.hex(request.data()), response.completionCode()));
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        int sequence = session.outSequence++;
        return Rmcp20Crypt.wrap(session.keys, session.sidm, sequence, response.encode(), iv);
    }

    private IpmiMessage preSessionAnswer(IpmiMessage request, String peer) {
        IpmiMessage response = BmcCommands.preSessionAllowed(request)
                ? BmcCommands.handle(request, new SessionContext(null, null))
                : request.response(BmcCommands.CC_INSUFFICIENT_PRIVILEGE, new byte[0]);
        log(peer + " pre-session " + BmcCommands.describe(request) + " [" + Bytes.hex(request.data()) + "] -> cc "
                + String.format("%02x", response.completionCode()));
        return response;
    }

    // ---- IPMI 1.5 ----

    private byte[] lan15PreSession(LanPacket.Lan15 packet, String peer, long nowMs) throws WireException {
        IpmiMessage request = IpmiMessage.decode(packet.message());
        IpmiMessage response;
        if (request.netFn() == IpmiMessage.NETFN_APP && request.command() == BmcCommands.APP_GET_SESSION_CHALLENGE) {
            response = challenge(request, peer, nowMs);
        } else {
            response = preSessionAnswer(request, peer);
        }
        return LanCodec.encodeLan15(0, 0, 0, new byte[0], response.encode());
    }

    private IpmiMessage challenge(IpmiMessage request, String peer, long nowMs) {
        byte[] data = request.data();
        if (data.length < 17) {
            return request.response(BmcCommands.CC_REQUEST_LENGTH, new byte[0]);
        }
        int authType = data[0] & 0x0f;
        String user = new String(data, 1, 16, StandardCharsets.UTF_8).replace("\0", "");
        if (!config.lan15() || (authType != 0 && authType != 2 && authType != 4)) {
            return request.response(BmcCommands.CC_INVALID_DATA, new byte[0]);
        }
        if (!config.users().containsKey(user)) {
            log(peer + " Get Session Challenge for unknown user '" + user + "'");
            return request.response(0x81, new byte[0]);
        }
        makeRoom(nowMs);
        Lan15Session session = new Lan15Session();
        session.sessionId = newSessionId();
        session.authType = authType;
        session.user = user;
        session.challenge = new byte[16];
        random.nextBytes(session.challenge);
        session.lastUsedMs = nowMs;
        lan15Sessions.put(session.sessionId, session);
        log(peer + " Get Session Challenge for user '" + user + "', auth type " + authType);
        return request.response(BmcCommands.CC_OK, Bytes.concat(Bytes.u32le(session.sessionId), session.challenge));
    }

    private byte[] lan15Session(LanPacket.Lan15 packet, String peer, long nowMs) throws WireException {
        Lan15Session session = lan15Sessions.get(packet.sessionId());
        if (session == null) {
            byte[] again = repeatActivation(packet);
            if (again != null) {
                log(peer + " Activate Session retransmitted; same answer");
                return again;
            }
        }
        if (session == null || packet.authType() != session.authType) {
            throw new WireException(String.format("IPMI 1.5 packet for unknown session 0x%08x", packet.sessionId()));
        }
        byte[] password = config.users().get(session.user).getBytes(StandardCharsets.UTF_8);
        IpmiMessage request = IpmiMessage.decode(packet.message());
        byte[] expected = Lan15Auth.code(session.authType, password, packet.sessionId(), packet.message(),
                packet.sequence());
        boolean authentic = IpmiCrypto.constantTimeEquals(expected, packet.authCode());
        if (!session.active) {
            return activate(session, packet, request, authentic, peer, nowMs);
        }
        if (!authentic) {
            throw new WireException("AuthCode mismatch in session " + Integer.toHexString(session.sessionId));
        }
        if (!session.window.accept(packet.sequence())) {
            throw new WireException("replayed or out-of-window sequence " + Integer.toUnsignedString(packet.sequence()));
        }
        session.lastUsedMs = nowMs;
        IpmiMessage response = BmcCommands.handle(request, new SessionContext(null, session));
        log(peer + String.format(" session 0x%08x %s [%s] -> cc %02x", session.sessionId, BmcCommands.describe(request),
                Bytes.hex(request.data()), response.completionCode()));
        return sealLan15(session, session.sessionId, response);
    }

    private byte[] activate(Lan15Session session, LanPacket.Lan15 packet, IpmiMessage request, boolean authentic,
                            String peer, long nowMs) throws WireException {
        byte[] data = request.data();
        if (request.command() != BmcCommands.APP_ACTIVATE_SESSION || data.length < 22) {
            throw new WireException("expected Activate Session in a challenged session");
        }
        int tempId = session.sessionId;
        if (!authentic || !Arrays.equals(Arrays.copyOfRange(data, 2, 18), session.challenge)) {
            log(peer + " Activate Session refused for user '" + session.user + "' (wrong password)");
            lan15Sessions.remove(tempId);
            // Answered (not dropped) so that clients fail at once instead of retrying into a timeout.
            session.outSequence = Bytes.u32le(data, 18);
            return sealLan15(session, tempId, request.response(BmcCommands.CC_INSUFFICIENT_PRIVILEGE, new byte[0]));
        }
        session.maxPrivilege = Math.min(USER_PRIVILEGE, Math.max(1, data[1] & 0x0f));
        session.outSequence = Bytes.u32le(data, 18);
        int inbound = random.nextInt() | 1;
        session.window.expectFirst(inbound);
        lan15Sessions.remove(tempId);
        session.sessionId = newSessionId();
        session.active = true;
        session.lastUsedMs = nowMs;
        lan15Sessions.put(session.sessionId, session);
        log(peer + String.format(" IPMI 1.5 session 0x%08x activated for user '%s', auth type %d", session.sessionId,
                session.user, session.authType));
        IpmiMessage response = request.response(BmcCommands.CC_OK, Bytes.concat(new byte[] {(byte) session.authType},
                Bytes.u32le(session.sessionId), Bytes.u32le(inbound), new byte[] {(byte) session.maxPrivilege}));
        byte[] sealed = sealLan15(session, tempId, response);
        session.tempId = tempId;
        session.activationReply = sealed;
        // The first in-session answer reuses the console's initial sequence number, as ipmi_sim does.
        session.outSequence = Bytes.u32le(data, 18);
        return sealed;
    }

    /** The stored answer when an authentic Activate Session arrives again for an activated session. */
    private byte[] repeatActivation(LanPacket.Lan15 packet) {
        for (Lan15Session active : lan15Sessions.values()) {
            if (active.activationReply != null && active.tempId == packet.sessionId()
                    && active.authType == packet.authType()) {
                byte[] password = config.users().get(active.user).getBytes(StandardCharsets.UTF_8);
                byte[] expected = Lan15Auth.code(active.authType, password, packet.sessionId(), packet.message(),
                        packet.sequence());
                return IpmiCrypto.constantTimeEquals(expected, packet.authCode()) ? active.activationReply : null;
            }
        }
        return null;
    }

    private byte[] sealLan15(Lan15Session session, int sessionId, IpmiMessage response) {
        byte[] password = config.users().get(session.user).getBytes(StandardCharsets.UTF_8);
        byte[] message = response.encode();
        int sequence = session.outSequence++;
        return LanCodec.encodeLan15(session.authType, sequence, sessionId,
                Lan15Auth.code(session.authType, password, sessionId, message, sequence), message);
    }

    // ---- shared ----

    /** The command context of one request: the RMCP+ or the IPMI 1.5 session, or none (pre-session). */
    private final class SessionContext implements BmcCommands.Context {
        private final PlusSession plus;
        private final Lan15Session lan;

        SessionContext(PlusSession plus, Lan15Session lan) {
            this.plus = plus;
            this.lan = lan;
        }

        @Override
        public boolean powerOn() {
            return powerOn;
        }

        @Override
        public void setPower(boolean on, String cause) {
            if (powerOn != on) {
                powerOn = on;
                events.add(new BmcEvent.PowerChanged(on, cause));
                log("chassis power " + (on ? "ON" : "OFF") + " (" + cause + ")");
            }
        }

        @Override
        public BmcFault fault() {
            return fault;
        }

        @Override
        public int privilege() {
            return plus != null ? plus.privilege : lan != null ? lan.privilege : 0;
        }

        @Override
        public int maxPrivilege() {
            return plus != null ? USER_PRIVILEGE : lan != null ? lan.maxPrivilege : 0;
        }

        @Override
        public void setPrivilege(int level) {
            if (plus != null) {
                plus.privilege = level;
            } else if (lan != null) {
                lan.privilege = level;
            }
        }

        @Override
        public boolean closeSession(int sessionId) {
            return plusSessions.remove(sessionId) != null || lan15Sessions.remove(sessionId) != null;
        }

        @Override
        public SortedSet<Integer> cipherSuites() {
            return config.cipherSuites();
        }

        @Override
        public boolean lan15Enabled() {
            return config.lan15();
        }
    }

    private int newSessionId() {
        while (true) {
            int id = random.nextInt();
            if (id != 0 && !plusSessions.containsKey(id) && !lan15Sessions.containsKey(id)) {
                return id;
            }
        }
    }

    private void expire(long nowMs) {
        plusSessions.values().removeIf(s -> nowMs - s.lastUsedMs > SESSION_IDLE_MS_MAX);
        lan15Sessions.values().removeIf(s -> nowMs - s.lastUsedMs > SESSION_IDLE_MS_MAX);
    }

    /** Frees a slot when the table is full: the least recently used session goes. */
    private void makeRoom(long nowMs) {
        while (sessionCount() >= SESSIONS_MAX) {
            PlusSession oldestPlus = plusSessions.values().stream()
                    .min((a, b) -> Long.compare(a.lastUsedMs, b.lastUsedMs)).orElse(null);
            Lan15Session oldestLan = lan15Sessions.values().stream()
                    .min((a, b) -> Long.compare(a.lastUsedMs, b.lastUsedMs)).orElse(null);
            if (oldestLan == null || (oldestPlus != null && oldestPlus.lastUsedMs <= oldestLan.lastUsedMs)) {
                plusSessions.remove(oldestPlus.sidc);
            } else {
                lan15Sessions.remove(oldestLan.sessionId);
            }
        }
    }

    private void log(String line) {
        events.add(new BmcEvent.Logged(line));
    }

    private void check() {
        if (sessionCount() > SESSIONS_MAX) {
            throw new IllegalStateException("session table over its limit: " + sessionCount());
        }
    }
}
