package org.corral.fence.agents.sim.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.corral.fence.agents.apc.ApcDialogue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our agent's dialogue against our simulated console, in memory, for every firmware generation
 * and role: proves the two sides agree on every screen without sockets or timing.
 */
class DialogueAgainstConsoleTest {
    private static final List<Pattern> PROMPTS = List.of(Pattern.compile("\\n>"), Pattern.compile("\\napc>"));
    private static final ApcDialogue.Timeouts TIMEOUTS =
            new ApcDialogue.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static ApcConsole console(ApcOutletBank bank, ApcFirmware firmware, ApcFault fault, int pageSize) {
        ConsoleSettings settings = new ConsoleSettings(firmware, "TestPDU",
                List.of(new ApcUser("apc", "apc", true), new ApcUser("dev", "dev", false)), fault, pageSize, 7);
        return new ApcConsole(bank, settings);
    }

    @ParameterizedTest(name = "{0} as {1}, {2} outlets per page")
    @CsvSource({"V2,apc,0", "V2,dev,3", "V3,apc,0", "V3,dev,4", "PLUS,apc,5", "PLUS,dev,0", "V5,apc,0", "V5,dev,0"})
    void listsAndSwitchesEveryOutletInEveryGeneration(ApcFirmware firmware, String user, int pageSize) throws Exception {
        ApcOutletBank bank = new ApcOutletBank(1, 10, Map.of(new OutletId(1, 4), "db-node"), true);
        ConsoleChannel channel = new ConsoleChannel(console(bank, firmware, ApcFault.NONE, pageSize), null);
        ApcDialogue dialogue = new ApcDialogue(channel, PROMPTS, TIMEOUTS);
        assertTrue(dialogue.loginTelnet(user, user));
        assertEquals(firmware == ApcFirmware.V5 ? ApcDialogue.Mode.CLI : ApcDialogue.Mode.MENU, dialogue.mode());

        Map<String, ApcDialogue.Entry> outlets = dialogue.outlets(null);
        assertEquals(10, outlets.size(), channel.transcript.toString());
        assertEquals("db-node", outlets.get("4").name());
        assertTrue(outlets.get("4").on());

        dialogue.setPower(null, "4", false);
        assertFalse(bank.find(new OutletId(1, 4)).orElseThrow().on());
        assertFalse(dialogue.outlets(null).get("4").on());
        dialogue.setPower(null, "4", true);
        assertTrue(dialogue.outlets(null).get("4").on());
        assertEquals(List.of(new PowerEffect(new OutletId(1, 4), "db-node", false),
                new PowerEffect(new OutletId(1, 4), "db-node", true)), channel.effects);
    }

    @ParameterizedTest
    @CsvSource({"V3", "V5"})
    void wrongPasswordIsARefusalNotATimeout(ApcFirmware firmware) throws Exception {
        ApcOutletBank bank = new ApcOutletBank(1, 8, Map.of(), true);
        ApcDialogue dialogue = new ApcDialogue(new ConsoleChannel(console(bank, firmware, ApcFault.NONE, 0), null), PROMPTS, TIMEOUTS);
        assertFalse(dialogue.loginTelnet("apc", "wrong"));
    }

    @ParameterizedTest
    @CsvSource({"1", "2"})
    void masterSwitchPlusChainNeedsTheSwitchNumber(int unit) throws Exception {
        ApcOutletBank bank = new ApcOutletBank(2, 4, Map.of(), true);
        ApcDialogue dialogue = new ApcDialogue(new ConsoleChannel(console(bank, ApcFirmware.PLUS, ApcFault.NONE, 0), null), PROMPTS, TIMEOUTS);
        assertTrue(dialogue.loginTelnet("apc", "apc"));
        ApcDialogue.DialogueException missing = assertThrows(ApcDialogue.DialogueException.class, () -> dialogue.outlets(null));
        assertTrue(missing.getMessage().contains("physical switch number"));

        ApcDialogue again = new ApcDialogue(new ConsoleChannel(console(bank, ApcFirmware.PLUS, ApcFault.NONE, 0), null), PROMPTS, TIMEOUTS);
        assertTrue(again.loginTelnet("apc", "apc"));
        again.setPower(Integer.toString(unit), "3", false);
        assertFalse(bank.find(new OutletId(unit, 3)).orElseThrow().on());
        assertTrue(bank.find(new OutletId(3 - unit, 3)).orElseThrow().on());
    }

    @ParameterizedTest
    @CsvSource({"V3", "V5"})
    void sshSessionStartsAtTheFirstPrompt(ApcFirmware firmware) throws Exception {
        ApcOutletBank bank = new ApcOutletBank(1, 8, Map.of(), true);
        ApcDialogue dialogue = new ApcDialogue(new ConsoleChannel(console(bank, firmware, ApcFault.NONE, 0), "apc"), PROMPTS, TIMEOUTS);
        dialogue.afterSshLogin();
        assertEquals(8, dialogue.outlets(null).size());
    }

    @ParameterizedTest
    @CsvSource({"V3", "V5"})
    void lyingSwitchAcceptsButNeverChangesState(ApcFirmware firmware) throws Exception {
        ApcOutletBank bank = new ApcOutletBank(1, 8, Map.of(), true);
        ConsoleChannel channel = new ConsoleChannel(console(bank, firmware, ApcFault.LIE, 0), null);
        ApcDialogue dialogue = new ApcDialogue(channel, PROMPTS, TIMEOUTS);
        assertTrue(dialogue.loginTelnet("apc", "apc"));
        dialogue.setPower(null, "2", false);
        assertTrue(dialogue.outlets(null).get("2").on());
        assertEquals(1, channel.effects.size(), "the command still runs");
    }

    @ParameterizedTest
    @CsvSource({"STALL_AFTER_LOGIN,true", "CLOSE_MID,false", "GARBAGE,true"})
    void brokenSwitchesFailTheDialogueCleanly(ApcFault fault, boolean timedOut) throws Exception {
        ApcOutletBank bank = new ApcOutletBank(1, 8, Map.of(), true);
        ApcDialogue dialogue = new ApcDialogue(new ConsoleChannel(console(bank, ApcFirmware.V3, fault, 0), null), PROMPTS, TIMEOUTS);
        ApcDialogue.DialogueException failure = assertThrows(ApcDialogue.DialogueException.class, () -> {
            assertTrue(dialogue.loginTelnet("apc", "apc"));
            dialogue.outlets(null);
        });
        assertEquals(timedOut, failure.timedOut(), failure.getMessage());
    }
}
