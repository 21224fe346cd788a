package org.corral.fence.agents.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ExpectBufferTest {
    @Test
    void earliestMatchWinsAndBufferContinuesAfterIt() {
        ExpectBuffer buffer = new ExpectBuffer();
        buffer.append("screen one\r\n> more\r\nPress <ENTER> x");
        ExpectBuffer.Match match = buffer.take(List.of(Pattern.compile("Press <ENTER>"), Pattern.compile("\n>"))).orElseThrow();
        assertEquals(1, match.index());
        assertEquals("screen one\r", match.before());
        match = buffer.take(List.of(Pattern.compile("Press <ENTER>"), Pattern.compile("\n>"))).orElseThrow();
        assertEquals(0, match.index());
        assertEquals(" more\r\n", match.before());
        assertTrue(buffer.take(List.of(Pattern.compile("\n>"))).isEmpty());
        assertEquals(" x", buffer.takeAll());
    }

    @Test
    void floodIsBounded() {
        ExpectBuffer buffer = new ExpectBuffer();
        String chunk = "#".repeat(10_000);
        for (int i = 0; i < 100; i++) {
            buffer.append(chunk);
        }
        assertTrue(buffer.length() <= ExpectBuffer.BUFFER_CHARS_MAX);
        assertTrue(buffer.droppedChars() > 0);
    }
}
