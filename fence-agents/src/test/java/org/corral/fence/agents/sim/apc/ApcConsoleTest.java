package org.corral.fence.agents.sim.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApcConsoleTest {
    private static ApcConsole console(ApcFirmware firmware, ApcFault fault) {
        return new ApcConsole(new ApcOutletBank(1, 4, Map.of(), true), new ConsoleSettings(firmware, "T",
                List.of(new ApcUser("apc", "secret", true)), fault, 0, 1));
    }

    @Test
    void loginShowsBannerAndTopMenuEndingInThePrompt() {
        ApcConsole console = console(ApcFirmware.V3, ApcFault.NONE);
        assertEquals("\r\nUser Name : ", console.start().text());
        assertEquals("\r\nPassword  : ", console.onLine("apc").text());
        assertTrue(console.expectsPassword());
        ConsoleOutput menu = console.onLine("secret");
        assertTrue(menu.text().contains("AOS      v3.7.3"));
        assertTrue(menu.text().contains("4- Logout"));
        assertTrue(menu.text().endsWith("\r\n> "));
        assertFalse(menu.logLine().contains("secret"));
    }

    @Test
    void threeWrongPasswordsHangUpAndPasswordsAreNeverLogged() {
        ApcConsole console = console(ApcFirmware.V3, ApcFault.NONE);
        console.start();
        List<String> logs = new ArrayList<>();
        for (int i = 0; i < ApcConsole.LOGIN_ATTEMPTS_MAX; i++) {
            logs.add(console.onLine("apc").logLine());
            logs.add(console.onLine("guess" + i).logLine());
        }
        assertTrue(console.closed());
        assertTrue(logs.stream().noneMatch(line -> line.contains("guess")), logs.toString());
    }

    @Test
    void refuseLoginFaultRefusesTheRightPassword() {
        ApcConsole console = console(ApcFirmware.V3, ApcFault.REFUSE_LOGIN);
        console.start();
        console.onLine("apc");
        assertEquals("\r\nUser Name : ", console.onLine("secret").text());
    }

    @Test
    void logoutFromTheTopMenuCloses() {
        ApcConsole console = console(ApcFirmware.V2, ApcFault.NONE);
        console.start();
        console.onLine("apc");
        console.onLine("secret");
        assertTrue(console.onLine("4").close());
        assertTrue(console.closed());
    }

    @Test
    void commandLineAnswersWithStatusCodes() {
        ApcConsole console = console(ApcFirmware.V5, ApcFault.NONE);
        console.start();
        console.onLine("apc");
        assertTrue(console.onLine("secret").text().endsWith("\r\napc>"));
        assertTrue(console.onLine("olStatus all").text().contains(" 3: Outlet 3: On\r\n"));
        ConsoleOutput off = console.onLine("olOff 2-3");
        assertEquals(2, off.effects().size());
        assertTrue(console.onLine("olStatus 3").text().contains(" 3: Outlet 3: Off"));
        assertTrue(console.onLine("olOn 9").text().startsWith("E102"));
        assertTrue(console.onLine("frobnicate").text().startsWith("E101"));
        assertTrue(console.onLine("exit").close());
    }

    @Test
    void stallAnswersNothingAndGarbageMatchesNoPrompt() {
        ApcConsole stall = console(ApcFirmware.V3, ApcFault.STALL);
        assertEquals("", stall.start().text());
        assertEquals("", stall.onLine("apc").text());
        assertFalse(stall.echoes());
        ApcConsole garbage = console(ApcFirmware.V3, ApcFault.GARBAGE);
        String noise = garbage.start().text() + garbage.onLine("apc").text();
        assertFalse(noise.isEmpty());
        assertFalse(noise.contains(">") || noise.contains("\n") || noise.matches("(?is).*(login|user name|password).*"));
    }

    @Test
    void lineAssemblerHandlesEveryTelnetLineEnding() {
        LineAssembler assembler = new LineAssembler();
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        for (byte b : "a\r\0\nb\r\nc\r\0d\ne\u0003f\u007fg\r".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
            LineAssembler.Event event = assembler.accept(b & 0xff, false, echo);
            if (event != null) {
                lines.add(event.kind() + ":" + event.text());
            }
        }
        assertEquals(List.of("LINE:a", "LINE:b", "LINE:c", "LINE:d", "INTERRUPT:", "LINE:g"), lines);
        assertNull(new LineAssembler().accept('x', true, echo));
        assertTrue(echo.toString(java.nio.charset.StandardCharsets.ISO_8859_1).endsWith("*"));
    }

    @Test
    void configurationMistakesAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> ApcFirmware.parse("v4"));
        assertThrows(IllegalArgumentException.class, () -> ApcUser.parse("nopassword"));
        assertThrows(IllegalArgumentException.class, () -> new ApcOutletBank(1, 0, Map.of(), true));
        assertThrows(IllegalArgumentException.class, () -> new ApcOutletBank(1, 4, Map.of(new OutletId(1, 9), "x"), true));
        assertThrows(IllegalArgumentException.class, () -> new ApcOutletBank(1, 4, Map.of(new OutletId(1, 1), "a:b"), true));
        assertThrows(IllegalArgumentException.class, () -> ApcSimConfig.defaults(ApcFirmware.V3).withOutlets(2, 4, 0, Map.of()));
        assertEquals(ApcFault.STALL_AFTER_LOGIN, ApcFault.parse("stall-after-login"));
        assertEquals(new OutletId(2, 3), OutletId.parse("2:3"));
    }
}
