package org.corral.fence.agents.apc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.corral.fence.agents.apc.ApcDialogue.DialogueException;
import org.corral.fence.agents.apc.ApcDialogue.Entry;

/**
 * One walk through the menus of v2/v3/MasterSwitch plus firmware, from the top menu and back to
 * it (reference/fence-apc-dialogue.md 3.1 and 3.2). The Device Manager screen tells the firmware
 * generation and the user's rights; the walk then takes that generation's path to the outlet list.
 */
final class ApcMenuWalk {
    private static final Pattern PLUS = Pattern.compile(" MasterSwitch plus", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLUS_SECOND_UNIT = Pattern.compile(" MasterSwitch plus 2", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLET_MANAGEMENT = Pattern.compile("Outlet Management", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLET_CONTROL_CONFIG = Pattern.compile("Outlet Control/Configuration", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLET_RESTRICTION = Pattern.compile("2- Outlet Restriction", Pattern.CASE_INSENSITIVE);

    private final ApcDialogue dialogue;
    private final String switchId;
    private boolean plus;
    private boolean v3;
    private boolean admin;

    ApcMenuWalk(ApcDialogue dialogue, String switchId) {
        this.dialogue = dialogue;
        this.switchId = switchId;
    }

    Map<String, Entry> outlets() throws DialogueException {
        enterDeviceManager();
        goToOutletList();
        Map<String, Entry> outlets = new LinkedHashMap<>();
        for (int page = 0; ; page++) {
            ExpectBuffer.Match match = dialogue.expect(moreOrPrompt(), dialogue.timeouts().shell(), "outlet list");
            parse(match.before(), outlets);
            dialogue.channel().settle();
            dialogue.sendLine("");
            if (match.index() != 0) {
                break;
            }
            checkPages(page);
        }
        backToTop();
        return outlets;
    }

    void setPower(String plug, boolean on) throws DialogueException {
        enterDeviceManager();
        if (!plus && v3) {
            dialogue.sendLine("2");
            ExpectBuffer.Match management = dialogue.expect(dialogue.prompts(), dialogue.timeouts().shell(), "Outlet Management");
            admin = OUTLET_RESTRICTION.matcher(management.before()).find();
            dialogue.sendLine("1");
        } else {
            goToOutletList();
        }
        for (int page = 0; ; page++) {
            ExpectBuffer.Match match = dialogue.expect(moreOrPrompt(), dialogue.timeouts().shell(), "outlet list");
            if (match.index() != 0) {
                break;
            }
            checkPages(page);
            dialogue.channel().settle();
            dialogue.sendLine("");
        }
        dialogue.sendLine(plug);
        if (plus || admin) {
            dialogue.expect(dialogue.prompts(), dialogue.timeouts().shell(), "outlet " + plug + " menu");
            dialogue.sendLine("1"); // Control Outlet
        }
        dialogue.expect(dialogue.prompts(), dialogue.timeouts().shell(), "Control Outlet menu");
        dialogue.sendLine(on ? "1" : plus ? "3" : "2");
        dialogue.expect(List.of(ApcDialogue.CONFIRM), dialogue.timeouts().shell(), "confirmation question");
        dialogue.sendLine("YES");
        dialogue.expect(List.of(ApcDialogue.CONTINUE), dialogue.timeouts().power(), "command result");
        dialogue.channel().settle();
        dialogue.sendLine("");
        dialogue.expect(dialogue.prompts(), dialogue.timeouts().power(), "Control Outlet menu after the command");
        backToTop();
    }

    /** "1" from the top menu; the Device Manager screen tells plus / v3 / v2 and v2 admin rights. */
    private void enterDeviceManager() throws DialogueException {
        dialogue.sendLine("1");
        ExpectBuffer.Match device = dialogue.expect(dialogue.prompts(), dialogue.timeouts().shell(), "Device Manager");
        String screen = device.before();
        plus = PLUS.matcher(screen).find();
        if (plus && PLUS_SECOND_UNIT.matcher(screen).find() && switchId == null) {
            throw new DialogueException("Failed: You have to enter physical switch number", false);
        }
        v3 = OUTLET_MANAGEMENT.matcher(screen).find();
        admin = OUTLET_CONTROL_CONFIG.matcher(screen).find();
    }

    private void goToOutletList() throws DialogueException {
        if (plus) {
            dialogue.sendLine(switchId == null ? "1" : switchId);
        } else if (v3) {
            dialogue.sendLine("2");
            dialogue.expect(dialogue.prompts(), dialogue.timeouts().shell(), "Outlet Management");
            dialogue.sendLine("1");
        } else {
            dialogue.sendLine(admin ? "3" : "2");
        }
    }

    /** Ctrl-C returns to the top menu, which must show its "- Logout" item and the prompt. */
    private void backToTop() throws DialogueException {
        dialogue.send(ApcDialogue.CTRL_C);
        dialogue.expect(List.of(ApcDialogue.LOGOUT_ITEM), dialogue.timeouts().shell(), "top menu after Ctrl-C");
        dialogue.expect(dialogue.prompts(), dialogue.timeouts().shell(), "prompt of the top menu");
    }

    private List<Pattern> moreOrPrompt() {
        List<Pattern> patterns = new ArrayList<>();
        patterns.add(ApcDialogue.MORE);
        patterns.addAll(dialogue.prompts());
        return patterns;
    }

    private static void checkPages(int page) throws DialogueException {
        if (page + 1 >= ApcDialogue.PAGES_MAX) {
            throw new DialogueException("Failed: the outlet list has more than " + ApcDialogue.PAGES_MAX + " pages", false);
        }
    }

    private static void parse(String screen, Map<String, Entry> outlets) {
        for (String line : screen.split("\n")) {
            if (line.length() > ApcDialogue.OUTLET_LINE_CHARS_MAX) {
                continue;
            }
            Matcher outlet = ApcDialogue.MENU_OUTLET.matcher(line);
            if (outlet.find() && outlets.size() < ApcDialogue.OUTLETS_MAX) {
                outlets.put(outlet.group(2), new Entry(outlet.group(2), outlet.group(3), outlet.group(4)));
            }
        }
    }
}
