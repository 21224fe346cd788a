package org.corral.fence.agents.sim.apc;

import java.io.ByteArrayOutputStream;

/**
 * The console's line discipline for a client in character mode (telnet with the server echoing,
 * or an ssh pty): collects typed characters into lines and says what to echo.
 *
 * <p>CR ends a line and NULs and one LF right after it are swallowed (telnet sends CR NUL, CR LF or CR NUL LF);
 * a lone LF also ends a line. Ctrl-C (0x03) and ESC (0x1b) are keys of their own. Backspace and
 * DEL erase one character. Characters beyond {@link ApcConsole#LINE_LENGTH_MAX} are dropped.
 */
final class LineAssembler {
    enum Kind { LINE, INTERRUPT, ESCAPE }

    /** A completed key event; text is the line for LINE. */
    record Event(Kind kind, String text) {
    }

    private final StringBuilder line = new StringBuilder();
    private boolean afterCarriageReturn;

    /**
     * Feeds one byte; returns the event it completes, or null. Echo bytes go to {@code echo};
     * with {@code secret} typed characters are echoed as '*'.
     */
    Event accept(int octet, boolean secret, ByteArrayOutputStream echo) {
        if (afterCarriageReturn && octet == 0) {
            return null; // CR NUL: keep waiting for a possible LF (telnet sends CR NUL LF in character mode)
        }
        boolean swallow = afterCarriageReturn && octet == '\n';
        afterCarriageReturn = false;
        if (swallow) {
            return null;
        }
        switch (octet) {
            case '\r', '\n' -> {
                afterCarriageReturn = octet == '\r';
                echo.writeBytes(new byte[] {'\r', '\n'});
                String text = line.toString();
                line.setLength(0);
                return new Event(Kind.LINE, text);
            }
            case 0x03 -> {
                line.setLength(0);
                return new Event(Kind.INTERRUPT, "");
            }
            case 0x1b -> {
                line.setLength(0);
                return new Event(Kind.ESCAPE, "");
            }
            case 0x08, 0x7f -> {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    echo.writeBytes(new byte[] {'\b', ' ', '\b'});
                }
                return null;
            }
            default -> {
                if (octet >= 0x20 && octet < 0x7f && line.length() < ApcConsole.LINE_LENGTH_MAX) {
                    line.append((char) octet);
                    echo.write(secret ? '*' : octet);
                }
                return null;
            }
        }
    }
}
