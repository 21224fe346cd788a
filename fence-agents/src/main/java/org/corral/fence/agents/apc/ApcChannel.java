package org.corral.fence.agents.apc;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A text conversation with the switch: the expect/send primitives the dialogue is written in.
 * Implementations bound every wait by the timeout given and never throw anything but the
 * checked exceptions below.
 */
public interface ApcChannel extends AutoCloseable {
    /** The device stayed silent (or said nothing matching) for the whole timeout. */
    final class TimeoutException extends Exception {
        private static final long serialVersionUID = 1L;

        public TimeoutException(String message) {
            super(message);
        }
    }

    /** The device closed the connection (or it broke) before a pattern matched. */
    final class ClosedException extends Exception {
        private static final long serialVersionUID = 1L;

        public ClosedException(String message) {
            super(message);
        }
    }

    void send(String text) throws ClosedException;

    /** Sends a password: same as {@link #send} but never written to any log. */
    void sendSecret(String text) throws ClosedException;

    ExpectBuffer.Match expect(List<Pattern> patterns, Duration timeout) throws TimeoutException, ClosedException;

    /** Whatever arrives within the timeout (possibly nothing), like pexpect's read_nonblocking. */
    String readSome(Duration timeout) throws ClosedException;

    /** A short pause before an ENTER that fetches the next page (fence_apc sleeps 0.5 s there). */
    void settle();

    @Override
    void close();
}
