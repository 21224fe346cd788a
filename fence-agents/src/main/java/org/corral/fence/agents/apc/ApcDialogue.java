package org.corral.fence.agents.apc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.corral.fence.agents.apc.ApcChannel.ClosedException;
import org.corral.fence.agents.apc.ApcChannel.TimeoutException;

/**
 * The conversation fence_apc holds with an APC switch (reference/fence-apc-dialogue.md sections
 * 2-4): login, firmware detection from the banner, the menu walk of v2/v3/MasterSwitch plus
 * firmware and the v5+ command line. It only sends text and waits for patterns through an
 * {@link ApcChannel}, so it runs unchanged over telnet, ssh or an in-memory console in tests;
 * it never reads a clock or sleeps itself.
 *
 * <p>Deviation from the reference agent: ours logs out of the v5+ CLI with {@code exit}, not with
 * the menu's {@code 4}, which a real CLI rejects.
 */
public final class ApcDialogue {
    static final Pattern LOGIN = Pattern.compile("(login\\s*: )|((?!Last )Login Name:  )|(username: )|(User Name :)",
            Pattern.CASE_INSENSITIVE);
    static final Pattern PASSWORD = Pattern.compile("(password)|(pass phrase)", Pattern.CASE_INSENSITIVE);
    /** The reference's "\s*v(\d)*\." without the leading \s*, which matches the same but backtracks quadratically on blanks. */
    static final Pattern FIRMWARE = Pattern.compile("v(\\d)*\\.");
    static final Pattern MENU_OUTLET = Pattern.compile("(^|\r)\\s*(\\d+)- (.*?)\\s+(ON|OFF)\\s*");
    static final Pattern CLI_OUTLET = Pattern.compile("^\\s*(\\d+): (.*): (On|Off)\\s*$", Pattern.CASE_INSENSITIVE);
    static final Pattern MORE = Pattern.compile(Pattern.quote("Press <ENTER>"));
    static final Pattern CONFIRM = Pattern.compile(Pattern.quote("Enter 'YES' to continue or <ENTER> to cancel :"));
    static final Pattern CONTINUE = Pattern.compile(Pattern.quote("Press <ENTER> to continue..."));
    static final Pattern LOGOUT_ITEM = Pattern.compile(Pattern.quote("- Logout"));
    /** A hostile device could page forever; real units have a few pages at most. */
    public static final int PAGES_MAX = 64;
    public static final int OUTLETS_MAX = 1024;
    /** Longer lines are no outlet lines (AOS screens are 80 columns); skipping them keeps parsing linear. */
    public static final int OUTLET_LINE_CHARS_MAX = 512;
    static final String EOL = "\r\n";
    static final String CTRL_C = "\u0003";

    public enum Mode { MENU, CLI }

    /** How long each kind of wait may take. */
    public record Timeouts(Duration login, Duration shell, Duration power) {
    }

    /** One outlet as the switch lists it; state is "ON"/"OFF" (menu) or "On"/"Off" (CLI). */
    public record Entry(String id, String name, String state) {
        public boolean on() {
            return state.equalsIgnoreCase("ON");
        }
    }

    /** A dialogue step that failed: where, and whether the device timed out or hung up. */
    public static final class DialogueException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean timedOut;

        DialogueException(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    private final ApcChannel channel;
    private final List<Pattern> prompts;
    private final Timeouts timeouts;
    private Mode mode = Mode.MENU;

    public ApcDialogue(ApcChannel channel, List<Pattern> prompts, Timeouts timeouts) {
        this.channel = channel;
        this.prompts = List.copyOf(prompts);
        this.timeouts = timeouts;
    }

    public Mode mode() {
        return mode;
    }

    /** Telnet login: "User Name :" / "Password  :" then the first prompt. Returns false when refused. */
    public boolean loginTelnet(String user, String password) throws DialogueException {
        expect(List.of(LOGIN), timeouts.login(), "login prompt");
        sendLine(user);
        String screen = read(timeouts.shell());
        if (LOGIN.matcher(screen).find()) {
            return false; // the user name was refused outright
        }
        if (!PASSWORD.matcher(screen).find()) {
            expect(List.of(PASSWORD), timeouts.shell(), "password prompt");
        }
        try {
            channel.sendSecret(password + EOL);
        } catch (ClosedException e) {
            throw new DialogueException(e.getMessage(), false);
        }
        List<Pattern> loginOrPrompt = new ArrayList<>();
        loginOrPrompt.add(LOGIN);
        loginOrPrompt.addAll(prompts);
        ExpectBuffer.Match match = expect(loginOrPrompt, timeouts.login(), "command prompt after login");
        if (match.index() == 0) {
            return false;
        }
        detect(match.before());
        return true;
    }

    /** Ssh: the transport already authenticated; wait for the first prompt. */
    public void afterSshLogin() throws DialogueException {
        ExpectBuffer.Match match = expect(prompts, timeouts.login(), "command prompt after ssh login");
        detect(match.before());
    }

    /** The banner's first "vN." picks the mode: N of 5, 6 or 7 is the AOS v5+ command line. */
    void detect(String banner) {
        Matcher version = FIRMWARE.matcher(banner);
        if (version.find() && version.group(1) != null && "567".contains(version.group(1))) {
            mode = Mode.CLI;
        } else {
            mode = Mode.MENU;
        }
    }

    /** Every outlet of the switch (unit {@code switchId} on a MasterSwitch plus), in listing order. */
    public Map<String, Entry> outlets(String switchId) throws DialogueException {
        return mode == Mode.CLI ? cliOutlets() : new ApcMenuWalk(this, switchId).outlets();
    }

    public void setPower(String switchId, String plug, boolean on) throws DialogueException {
        if (mode == Mode.CLI) {
            sendLine((on ? "olOn " : "olOff ") + plug);
            expect(prompts, timeouts.power(), "prompt after " + (on ? "olOn" : "olOff"));
        } else {
            new ApcMenuWalk(this, switchId).setPower(plug, on);
        }
    }

    /** Leaves the console: "4" (Logout) from the top menu, "exit" on the command line. Never fails. */
    public void logout() {
        try {
            sendLine(mode == Mode.CLI ? "exit" : "4");
        } catch (DialogueException ignored) {
            // the device may already be gone; nothing to undo
        }
    }

    private Map<String, Entry> cliOutlets() throws DialogueException {
        sendLine("olStatus all");
        ExpectBuffer.Match match = expect(prompts, timeouts.shell(), "prompt after olStatus");
        Map<String, Entry> outlets = new LinkedHashMap<>();
        for (String line : match.before().split("\n")) {
            if (line.length() > OUTLET_LINE_CHARS_MAX) {
                continue;
            }
            Matcher outlet = CLI_OUTLET.matcher(line);
            if (outlet.find() && outlets.size() < OUTLETS_MAX) {
                outlets.put(outlet.group(1), new Entry(outlet.group(1), outlet.group(2), outlet.group(3)));
            }
        }
        return outlets;
    }

    // Primitives shared with ApcMenuWalk.

    List<Pattern> prompts() {
        return prompts;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    ApcChannel channel() {
        return channel;
    }

    void sendLine(String text) throws DialogueException {
        send(text + EOL);
    }

    void send(String text) throws DialogueException {
        try {
            channel.send(text);
        } catch (ClosedException e) {
            throw new DialogueException(e.getMessage(), false);
        }
    }

    ExpectBuffer.Match expect(List<Pattern> patterns, Duration timeout, String what) throws DialogueException {
        try {
            return channel.expect(patterns, timeout);
        } catch (TimeoutException e) {
            throw new DialogueException("timed out after " + timeout.toMillis() + " ms waiting for " + what, true);
        } catch (ClosedException e) {
            throw new DialogueException(e.getMessage() + " while waiting for " + what, false);
        }
    }

    private String read(Duration timeout) throws DialogueException {
        try {
            return channel.readSome(timeout);
        } catch (ClosedException e) {
            throw new DialogueException(e.getMessage(), false);
        }
    }
}
