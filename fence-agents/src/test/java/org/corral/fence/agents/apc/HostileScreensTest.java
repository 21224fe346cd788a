package org.corral.fence.agents.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Screens a hostile or broken switch could send, fed to the dialogue through a scripted channel
 * (each line the agent sends releases the next canned answer). Each must end in a clean
 * DialogueException, quickly: the @Timeout only guards against a hang, it measures nothing.
 */
@Timeout(20)
class HostileScreensTest {
    private static final List<Pattern> PROMPTS = List.of(Pattern.compile("\\n>"), Pattern.compile("\\napc>"));
    private static final ApcDialogue.Timeouts TIMEOUTS =
            new ApcDialogue.Timeouts(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));

    /** Answers queued in order; an answer is released by each send. */
    private static final class ScriptedChannel implements ApcChannel {
        private final ExpectBuffer buffer = new ExpectBuffer();
        private final Deque<String> answers;
        int sends;

        ScriptedChannel(String greeting, List<String> answers) {
            buffer.append(greeting);
            this.answers = new ArrayDeque<>(answers);
        }

        @Override
        public void send(String text) {
            sends++;
            if (!answers.isEmpty()) {
                buffer.append(answers.removeFirst());
            }
        }

        @Override
        public void sendSecret(String text) {
            send(text);
        }

        @Override
        public ExpectBuffer.Match expect(List<Pattern> patterns, Duration timeout) throws TimeoutException {
            Optional<ExpectBuffer.Match> match = buffer.take(patterns);
            if (match.isEmpty()) {
                throw new TimeoutException("nothing matches");
            }
            return match.get();
        }

        @Override
        public String readSome(Duration timeout) {
            return buffer.takeAll();
        }

        @Override
        public void settle() {
        }

        @Override
        public void close() {
        }
    }

    private static final String LOGIN = "\r\nUser Name : ";
    private static final String PASSWORD = "\r\nPassword  : ";

    @Test
    void endlessPagingIsCutAtThePageLimit() throws Exception {
        List<String> answers = new java.util.ArrayList<>(List.of(PASSWORD, "\r\nAOS v3.7.3\r\n> ", "Device Manager\r\n> "));
        for (int i = 0; i < ApcDialogue.PAGES_MAX * 2; i++) {
            answers.add(" 1- Outlet 1   ON\r\nPress <ENTER> for more");
        }
        ScriptedChannel channel = new ScriptedChannel(LOGIN, answers);
        ApcDialogue dialogue = new ApcDialogue(channel, PROMPTS, TIMEOUTS);
        assertTrue(dialogue.loginTelnet("apc", "apc"));
        ApcDialogue.DialogueException failure = assertThrows(ApcDialogue.DialogueException.class, () -> dialogue.outlets(null));
        assertTrue(failure.getMessage().contains("pages"), failure.getMessage());
        assertTrue(channel.sends < ApcDialogue.PAGES_MAX + 10);
    }

    @Test
    void hugeLinesAndBlanksParseInLinearTime() throws Exception {
        String blanks = " ".repeat(200_000);
        String digits = "1- ".repeat(60_000);
        ScriptedChannel channel = new ScriptedChannel(LOGIN, List.of(PASSWORD, blanks + "v3.\r\n> ",
                "Device Manager\r\n> ", digits + "\r\n 2- Outlet 2   OFF\r\n> "));
        ApcDialogue dialogue = new ApcDialogue(channel, PROMPTS, TIMEOUTS);
        assertTrue(dialogue.loginTelnet("apc", "apc"));
        assertEquals(ApcDialogue.Mode.MENU, dialogue.mode());
        // the outlet list is parsed (the huge line skipped), then Ctrl-C finds no top menu
        assertThrows(ApcDialogue.DialogueException.class, () -> dialogue.outlets(null));
    }

    @Test
    void cliBannerSelectsTheCommandLine() throws Exception {
        ScriptedChannel channel = new ScriptedChannel(LOGIN, List.of(PASSWORD,
                "\r\nNetwork Management Card AOS v6.4.6\r\napc>", "E000: Success\r\n 1: web: On\r\n 2: db: Off\r\n\r\napc>"));
        ApcDialogue dialogue = new ApcDialogue(channel, PROMPTS, TIMEOUTS);
        assertTrue(dialogue.loginTelnet("apc", "apc"));
        assertEquals(ApcDialogue.Mode.CLI, dialogue.mode());
        assertEquals("[1, 2]", dialogue.outlets(null).keySet().toString());
    }

    @Test
    void silenceAfterTheUserNameIsATimeout() {
        ScriptedChannel channel = new ScriptedChannel(LOGIN, List.of());
        ApcDialogue dialogue = new ApcDialogue(channel, PROMPTS, TIMEOUTS);
        ApcDialogue.DialogueException failure = assertThrows(ApcDialogue.DialogueException.class,
                () -> dialogue.loginTelnet("apc", "apc"));
        assertTrue(failure.timedOut());
    }
}
