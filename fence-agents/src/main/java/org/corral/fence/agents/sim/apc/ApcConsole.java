package org.corral.fence.agents.sim.apc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One console session of the simulated switch, as a deterministic state machine: a line, a
 * Ctrl-C or an ESC in, the text to send (and outlets switched) out. No clock, socket or thread;
 * the shell ({@link ApcTelnetServer}, {@link ApcSshServer}) owns the transport, runs the outlet
 * commands and holds the bank's lock while calling in.
 *
 * <p>Menu firmware (v2, v3, MasterSwitch plus) walks a tree of screens; v5+ hands lines to
 * {@link ApcCommandLine}. The screens follow reference/fence-apc-dialogue.md section 3.
 */
public final class ApcConsole {
    /** Wrong passwords tolerated before the switch hangs up (AOS also hangs up after a few). */
    public static final int LOGIN_ATTEMPTS_MAX = 3;
    public static final int LINE_LENGTH_MAX = 256;
    private static final int GARBAGE_LENGTH = 120;

    enum Screen { USER, PASSWORD, MAIN, DEVICE, OUTLET_MANAGEMENT, OUTLET_LIST, OUTLET, CONTROL, CONFIRM, CONTINUE, STUB, CLI, CLOSED }

    enum Control { ON, OFF, REBOOT, CANCEL }

    private final ApcOutletBank bank;
    private final ConsoleSettings settings;
    private final Random garbage;
    private Screen screen = Screen.USER;
    private String typedUser = "";
    private ApcUser user;
    private int failedLogins;
    private int unit = 1;
    private int listPage;
    private OutletId selected;
    private Control pending;
    private boolean commandSeen;

    public ApcConsole(ApcOutletBank bank, ConsoleSettings settings) {
        this.bank = bank;
        this.settings = settings;
        this.garbage = new Random(settings.garbageSeed());
    }

    public boolean closed() {
        return screen == Screen.CLOSED;
    }

    /** True while the next line is a password: the shell echoes '*' instead of the characters. */
    public boolean expectsPassword() {
        return screen == Screen.PASSWORD;
    }

    /** False while the switch plays dead (STALL, or STALL_AFTER_LOGIN once logged in): not even an echo. */
    public boolean echoes() {
        return settings.fault() != ApcFault.STALL && !(settings.fault() == ApcFault.STALL_AFTER_LOGIN && user != null);
    }

    /** The greeting sent when the connection opens. */
    public ConsoleOutput start() {
        return switch (settings.fault()) {
            case STALL -> ConsoleOutput.of("", "connected (stalling)");
            case GARBAGE -> ConsoleOutput.of(noise(), "connected (answering garbage)");
            default -> ConsoleOutput.of(ApcScreens.USER_PROMPT, "connected");
        };
    }

    /** For ssh, where the transport already authenticated the user: straight to the first screen. */
    public ConsoleOutput startAuthenticated(String userName) {
        Optional<ApcUser> account = settings.users().stream().filter(u -> u.name().equals(userName)).findFirst();
        if (account.isEmpty()) {
            screen = Screen.CLOSED;
            return new ConsoleOutput("", List.of(), true, "unknown ssh user " + userName);
        }
        if (settings.fault() == ApcFault.STALL || settings.fault() == ApcFault.GARBAGE) {
            return start();
        }
        return loggedIn(account.get());
    }

    public ConsoleOutput onLine(String rawLine) {
        String line = rawLine.length() > LINE_LENGTH_MAX ? rawLine.substring(0, LINE_LENGTH_MAX) : rawLine;
        if (screen == Screen.CLOSED) {
            return ConsoleOutput.of("", "line after close ignored");
        }
        String logged = screen == Screen.PASSWORD ? "password [hidden]" : "line \"" + printable(line) + "\"";
        switch (settings.fault()) {
            case STALL:
                return ConsoleOutput.of("", logged + " (stalled)");
            case GARBAGE:
                return ConsoleOutput.of(noise(), logged + " (garbage)");
            default:
                break;
        }
        if (screen == Screen.USER) {
            typedUser = line.trim();
            screen = Screen.PASSWORD;
            return ConsoleOutput.of(ApcScreens.PASSWORD_PROMPT, logged);
        }
        if (screen == Screen.PASSWORD) {
            return password(line, logged);
        }
        if (settings.fault() == ApcFault.STALL_AFTER_LOGIN) {
            return ConsoleOutput.of("", logged + " (stalled)");
        }
        ConsoleOutput answer = screen == Screen.CLI
                ? new ApcCommandLine(bank, settings.fault() == ApcFault.LIE).execute(line, logged)
                : menuInput(line.trim(), logged);
        if (answer.close()) {
            screen = Screen.CLOSED;
        }
        return closeMidway(answer);
    }

    /** Ctrl-C: back to the top menu (fence_apc waits for "- Logout" and the prompt). */
    public ConsoleOutput onInterrupt() {
        if (!loggedIn()) {
            return ConsoleOutput.of("", "ctrl-c before login ignored");
        }
        if (settings.fault() == ApcFault.STALL_AFTER_LOGIN || settings.fault() == ApcFault.GARBAGE) {
            return onLine("");
        }
        if (screen == Screen.CLI) {
            return ConsoleOutput.of(ApcScreens.CLI_PROMPT, "ctrl-c");
        }
        screen = Screen.MAIN;
        return closeMidway(ConsoleOutput.of(ApcScreens.mainMenu(), "ctrl-c"));
    }

    /** ESC: one screen back (the top menu stays). */
    public ConsoleOutput onEscape() {
        if (!loggedIn() || screen == Screen.CLI || settings.fault() != ApcFault.NONE && settings.fault() != ApcFault.LIE) {
            return onLine("");
        }
        screen = switch (screen) {
            case OUTLET_LIST -> settings.firmware() == ApcFirmware.V3 ? Screen.OUTLET_MANAGEMENT : Screen.DEVICE;
            case OUTLET -> Screen.OUTLET_LIST;
            case CONTROL, CONFIRM, CONTINUE -> hasOutletScreen() ? Screen.OUTLET : Screen.OUTLET_LIST;
            default -> Screen.MAIN;
        };
        listPage = 0;
        return ConsoleOutput.of(render(), "escape");
    }

    private boolean loggedIn() {
        return user != null && screen != Screen.CLOSED;
    }

    private ConsoleOutput password(String line, String logged) {
        Optional<ApcUser> account = settings.users().stream()
                .filter(u -> u.name().equals(typedUser) && u.password().equals(line)).findFirst();
        if (account.isEmpty() || settings.fault() == ApcFault.REFUSE_LOGIN) {
            failedLogins++;
            if (failedLogins >= LOGIN_ATTEMPTS_MAX) {
                screen = Screen.CLOSED;
                return new ConsoleOutput(ApcScreens.EOL + "Too many failed logins" + ApcScreens.EOL, List.of(), true,
                        logged + " refused for user '" + printable(typedUser) + "', hanging up");
            }
            screen = Screen.USER;
            return ConsoleOutput.of(ApcScreens.USER_PROMPT, logged + " refused for user '" + printable(typedUser) + "'");
        }
        return loggedIn(account.get());
    }

    private ConsoleOutput loggedIn(ApcUser account) {
        user = account;
        String banner = ApcScreens.banner(settings.firmware(), settings.deviceName(), account);
        if (settings.firmware().commandLine()) {
            screen = Screen.CLI;
            return ConsoleOutput.of(banner, "login " + account);
        }
        screen = Screen.MAIN;
        return ConsoleOutput.of(banner + ApcScreens.mainMenu(), "login " + account);
    }

    /** CLOSE_MID: the first answer after login is cut in half and the connection dropped. */
    private ConsoleOutput closeMidway(ConsoleOutput answer) {
        if (settings.fault() != ApcFault.CLOSE_MID || commandSeen) {
            commandSeen = true;
            return answer;
        }
        commandSeen = true;
        screen = Screen.CLOSED;
        String half = answer.text().substring(0, answer.text().length() / 2);
        return new ConsoleOutput(half, List.of(), true, answer.logLine() + " (closing mid-screen)");
    }

    private ConsoleOutput menuInput(String line, String logged) {
        if (screen == Screen.CONFIRM) {
            return confirm(line, logged);
        }
        if (screen == Screen.CONTINUE) {
            screen = Screen.CONTROL;
            return ConsoleOutput.of(render(), logged);
        }
        if (line.isEmpty()) {
            if (screen == Screen.OUTLET_LIST && !lastPage()) {
                listPage++;
            } else {
                listPage = 0;
            }
            return ConsoleOutput.of(render(), logged);
        }
        if (screen == Screen.MAIN && line.equals("4")) {
            screen = Screen.CLOSED;
            return new ConsoleOutput(ApcScreens.logout(), List.of(), true, logged + " (logout)");
        }
        Screen next = ApcMenus.select(this, line);
        if (next == null) {
            return ConsoleOutput.of(render(), logged + " (no such item)");
        }
        screen = next;
        listPage = 0;
        return ConsoleOutput.of(render(), logged);
    }

    private ConsoleOutput confirm(String line, String logged) {
        screen = Screen.CONTINUE;
        if (!line.equals("YES")) {
            return ConsoleOutput.of(ApcScreens.cancelled(), logged + " (cancelled)");
        }
        ApcOutletBank.Outlet outlet = bank.find(selected).orElseThrow();
        List<PowerEffect> effects = new ArrayList<>();
        if (pending == Control.OFF || pending == Control.REBOOT) {
            effects.add(new PowerEffect(outlet.id(), outlet.name(), false));
        }
        if (pending == Control.ON || pending == Control.REBOOT) {
            effects.add(new PowerEffect(outlet.id(), outlet.name(), true));
        }
        if (settings.fault() != ApcFault.LIE) {
            effects.forEach(effect -> bank.setPower(effect.id(), effect.on()));
        }
        return new ConsoleOutput(ApcScreens.issued(), effects, false,
                logged + " (" + pending.name().toLowerCase() + " outlet " + outlet.id() + ")");
    }

    private String render() {
        return ApcMenus.render(this);
    }

    private boolean lastPage() {
        int size = bank.unit(unit).size();
        int per = settings.pageOutletsMax();
        return per == 0 || (listPage + 1) * per >= size;
    }

    /** Admin v2/v3 and MasterSwitch plus go plug → Outlet screen → "1- Control Outlet"; users go straight to Control. */
    boolean hasOutletScreen() {
        return settings.firmware() == ApcFirmware.PLUS || user.admin();
    }

    private String noise() {
        // Line noise that matches none of fence_apc's patterns: no '>', no letters, no newline.
        String alphabet = "#%&*+=~^|$@!0123456789.,;-_ ";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < GARBAGE_LENGTH; i++) {
            text.append(alphabet.charAt(garbage.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }

    // Accessors for ApcMenus (same package): the menu tree reads and sets the cursor.
    Screen screen() { return screen; }
    ApcOutletBank bank() { return bank; }
    ConsoleSettings settings() { return settings; }
    ApcUser user() { return user; }
    int unit() { return unit; }
    void unit(int value) { unit = value; }
    int listPage() { return listPage; }
    OutletId selected() { return selected; }
    void selected(OutletId value) { selected = value; }
    Control pending() { return pending; }
    void pending(Control value) { pending = value; }
}
