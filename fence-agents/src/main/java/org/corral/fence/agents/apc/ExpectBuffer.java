package org.corral.fence.agents.apc;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text received from the device and not yet consumed, with pexpect's matching rule: of the
 * patterns given, the one whose match starts earliest in the buffer wins (the first listed on a
 * tie); everything before it is "before", and the buffer continues after the match. Pure; the
 * channel feeds it and does the waiting.
 */
public final class ExpectBuffer {
    /** Received text kept while no pattern matches; older text is dropped (a device flooding garbage). */
    public static final int BUFFER_CHARS_MAX = 256 * 1024;

    /** The winning pattern's index, the text before it and the matched text. */
    public record Match(int index, String before, String matched) {
    }

    private final StringBuilder text = new StringBuilder();
    private long droppedChars;

    public void append(CharSequence received) {
        text.append(received);
        if (text.length() > BUFFER_CHARS_MAX) {
            int drop = text.length() - BUFFER_CHARS_MAX / 2;
            text.delete(0, drop);
            droppedChars += drop;
        }
    }

    public long droppedChars() {
        return droppedChars;
    }

    public int length() {
        return text.length();
    }

    /** The earliest match among the patterns, consuming the buffer through it; empty when none matches. */
    public Optional<Match> take(List<Pattern> patterns) {
        int bestIndex = -1;
        int bestStart = Integer.MAX_VALUE;
        int bestEnd = 0;
        for (int i = 0; i < patterns.size(); i++) {
            Matcher matcher = patterns.get(i).matcher(text);
            if (matcher.find() && matcher.start() < bestStart) {
                bestIndex = i;
                bestStart = matcher.start();
                bestEnd = matcher.end();
            }
        }
        if (bestIndex < 0) {
            return Optional.empty();
        }
        Match match = new Match(bestIndex, text.substring(0, bestStart), text.substring(bestStart, bestEnd));
        text.delete(0, bestEnd);
        return Optional.of(match);
    }

    /** Takes everything received so far (read_nonblocking-style). */
    public String takeAll() {
        String all = text.toString();
        text.setLength(0);
        return all;
    }

    /** The last characters of the buffer, for error messages. */
    public String tail(int chars) {
        return text.substring(Math.max(0, text.length() - chars));
    }
}
