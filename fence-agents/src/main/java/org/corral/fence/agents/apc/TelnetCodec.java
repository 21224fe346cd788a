package org.corral.fence.agents.apc;

import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.TreeSet;

/**
 * Telnet (RFC 854/855) option negotiation and IAC framing for one side of a connection, as a
 * pure byte filter: received bytes in, application data and negotiation replies out.
 *
 * <p>Policy: the side names the options it is willing to perform itself ({@code localOptions},
 * answered with WILL to a DO) and the options it wants the peer to perform ({@code remoteOptions},
 * answered with DO to a WILL). Everything else is refused (WONT to DO, DONT to WILL). Following
 * RFC 854's loop rule, a request that does not change the option's state is never answered, so
 * two codecs can never ping-pong. Subnegotiations (SB ... SE) are skipped whole.
 */
public final class TelnetCodec {
    public static final int IAC = 255;
    public static final int DONT = 254;
    public static final int DO = 253;
    public static final int WONT = 252;
    public static final int WILL = 251;
    public static final int SB = 250;
    public static final int SE = 240;
    public static final int OPTION_BINARY = 0;
    public static final int OPTION_ECHO = 1;
    public static final int OPTION_SGA = 3;
    /** A subnegotiation longer than this is malformed; the rest of it is dropped. */
    public static final int SUBNEGOTIATION_LENGTH_MAX = 512;

    private enum State { DATA, IAC, OPTION, SUB, SUB_IAC }

    /** The output of one {@link #receive} call. */
    public record Decoded(byte[] data, byte[] replies) {
    }

    private final Set<Integer> localOptions;
    private final Set<Integer> remoteOptions;
    private final Set<Integer> localEnabled = new TreeSet<>();
    private final Set<Integer> remoteEnabled = new TreeSet<>();
    private State state = State.DATA;
    private int verb;
    private int subLength;

    public TelnetCodec(Set<Integer> localOptions, Set<Integer> remoteOptions) {
        this.localOptions = new TreeSet<>(localOptions);
        this.remoteOptions = new TreeSet<>(remoteOptions);
    }

    /** The server's opening offer: WILL for each option it performs (ECHO, SGA put the client in character mode). */
    public byte[] offer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int option : localOptions) {
            localEnabled.add(option);
            command(out, WILL, option);
        }
        return out.toByteArray();
    }

    public boolean localEnabled(int option) {
        return localEnabled.contains(option);
    }

    public boolean remoteEnabled(int option) {
        return remoteEnabled.contains(option);
    }

    public Decoded receive(byte[] buffer, int offset, int length) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(length);
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        for (int i = offset; i < offset + length; i++) {
            step(buffer[i] & 0xff, data, replies);
        }
        return new Decoded(data.toByteArray(), replies.toByteArray());
    }

    private void step(int octet, ByteArrayOutputStream data, ByteArrayOutputStream replies) {
        switch (state) {
            case DATA -> {
                if (octet == IAC) {
                    state = State.IAC;
                } else {
                    data.write(octet);
                }
            }
            case IAC -> {
                if (octet == IAC) {
                    data.write(IAC);
                    state = State.DATA;
                } else if (octet >= WILL && octet <= DONT) {
                    verb = octet;
                    state = State.OPTION;
                } else if (octet == SB) {
                    subLength = 0;
                    state = State.SUB;
                } else {
                    state = State.DATA; // NOP, GA, AYT, BRK...: nothing to do for a console
                }
            }
            case OPTION -> {
                negotiate(verb, octet, replies);
                state = State.DATA;
            }
            case SUB -> {
                subLength++;
                state = octet == IAC ? State.SUB_IAC : subLength > SUBNEGOTIATION_LENGTH_MAX ? State.DATA : State.SUB;
            }
            case SUB_IAC -> state = octet == SE ? State.DATA : State.SUB;
            default -> throw new IllegalStateException("telnet parser state " + state);
        }
    }

    private void negotiate(int request, int option, ByteArrayOutputStream replies) {
        switch (request) {
            case DO -> {
                if (localOptions.contains(option)) {
                    if (localEnabled.add(option)) {
                        command(replies, WILL, option);
                    }
                } else {
                    command(replies, WONT, option);
                }
            }
            case DONT -> {
                if (localEnabled.remove(option)) {
                    command(replies, WONT, option);
                }
            }
            case WILL -> {
                if (remoteOptions.contains(option)) {
                    if (remoteEnabled.add(option)) {
                        command(replies, DO, option);
                    }
                } else {
                    command(replies, DONT, option);
                }
            }
            case WONT -> {
                if (remoteEnabled.remove(option)) {
                    command(replies, DONT, option);
                }
            }
            default -> throw new IllegalStateException("not a negotiation verb: " + request);
        }
    }

    private static void command(ByteArrayOutputStream out, int request, int option) {
        out.write(IAC);
        out.write(request);
        out.write(option);
    }

    /** Application data for the wire: IAC doubled. */
    public static byte[] escape(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 8);
        for (byte b : data) {
            out.write(b);
            if ((b & 0xff) == IAC) {
                out.write(IAC);
            }
        }
        return out.toByteArray();
    }
}
