package org.corral.fence.agents.sim.apc;

import java.util.List;

/**
 * The texts of the simulated console, laid out like the AOS menus. Pure text building; which
 * screen to show is decided by {@link ApcConsole}. fence_apc only inspects a few phrases of these
 * screens (listed in reference/fence-apc-dialogue.md), so those phrases are kept verbatim and every
 * screen ends with the menu prompt {@code "\r\n> "}; nothing else starts a line with '>'.
 */
final class ApcScreens {
    static final String EOL = "\r\n";
    static final String MENU_PROMPT = EOL + "> ";
    static final String CLI_PROMPT = EOL + "apc>";
    static final String USER_PROMPT = EOL + "User Name : ";
    static final String PASSWORD_PROMPT = EOL + "Password  : ";
    static final String CONFIRM = "Enter 'YES' to continue or <ENTER> to cancel : ";
    static final String CONTINUE = "Press <ENTER> to continue...";
    static final String MORE = "Press <ENTER> for more, <ESC> to abort...";
    private static final int WIDTH = 79;

    private ApcScreens() {
    }

    static String banner(ApcFirmware firmware, String deviceName, ApcUser user) {
        String version = firmware.version();
        String app = switch (firmware) {
            case V2 -> "MasterSwitch APP";
            case PLUS -> "MasterSwitch plus APP";
            case V3 -> "Rack PDU APP";
            case V5 -> "RPDU 2g";
        };
        StringBuilder text = new StringBuilder(EOL).append(EOL);
        text.append(pad("American Power Conversion", 40)).append(pad("Network Management Card AOS", 33)).append(version).append(EOL);
        text.append(pad("(c) Copyright 2009 All Rights Reserved", 40)).append(pad(app, 33)).append(version).append(EOL);
        text.append("-".repeat(WIDTH)).append(EOL);
        text.append(pad("Name      : " + deviceName, 52)).append("Stat : P+ N+ A+").append(EOL);
        text.append(pad("Contact   : Unknown", 52)).append("User : ").append(user.admin() ? "Administrator" : "Device Manager").append(EOL);
        text.append(pad("Location  : Unknown", 52)).append("Simulated by Corral").append(EOL);
        if (firmware.commandLine()) {
            text.append(EOL).append("Type ? for command listing").append(EOL);
            text.append("Use tcpip command for IP address(-i), subnet(-s), and gateway(-g)").append(EOL);
            text.append(CLI_PROMPT);
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    /** A titled menu: heading, items ("1- Device Manager"), footer, prompt. */
    static String menu(String title, List<String> details, List<String> items, boolean top) {
        StringBuilder text = new StringBuilder(EOL).append(EOL);
        String heading = "------- " + title + " ";
        text.append(heading).append("-".repeat(Math.max(3, WIDTH - heading.length()))).append(EOL).append(EOL);
        for (String detail : details) {
            text.append("        ").append(detail).append(EOL);
        }
        if (!details.isEmpty()) {
            text.append(EOL);
        }
        for (String item : items) {
            text.append("     ").append(item).append(EOL);
        }
        text.append(EOL).append("     ").append(top
                ? "<ESC>- Main Menu, <ENTER>- Refresh, <CTRL-L>- Event Log"
                : "?- Help, <ESC>- Back, <ENTER>- Refresh, <CTRL-L>- Event Log");
        return text.append(MENU_PROMPT).toString();
    }

    static String mainMenu() {
        return menu("Control Console", List.of(), List.of("1- Device Manager", "2- Network", "3- System", "4- Logout"), true);
    }

    /** One outlet line of the outlet list: number, name padded, state in upper case. */
    static String outletLine(ApcOutletBank.Outlet outlet) {
        String number = String.format("%2d- ", outlet.id().number());
        return number + pad(outlet.name(), 24) + (outlet.on() ? "ON" : "OFF");
    }

    /** A page of the outlet list; a middle page ends with the "more" line instead of a prompt. */
    static String outletPage(String title, List<ApcOutletBank.Outlet> page, boolean last, int masterItem) {
        StringBuilder text = new StringBuilder(EOL).append(EOL);
        String heading = "------- " + title + " ";
        text.append(heading).append("-".repeat(Math.max(3, WIDTH - heading.length()))).append(EOL).append(EOL);
        text.append("     ").append(pad("", 4)).append(pad("Outlet Name", 24)).append("State").append(EOL);
        for (ApcOutletBank.Outlet outlet : page) {
            text.append("    ").append(outletLine(outlet)).append(EOL);
        }
        if (!last) {
            return text.append(EOL).append("     ").append(MORE).toString();
        }
        text.append("    ").append(String.format("%2d- ", masterItem)).append("Master Control/Configuration").append(EOL);
        text.append(EOL).append("     ").append("?- Help, <ESC>- Back, <ENTER>- Refresh, <CTRL-L>- Event Log");
        return text.append(MENU_PROMPT).toString();
    }

    static List<String> outletDetails(ApcOutletBank.Outlet outlet) {
        return List.of("Name         : " + outlet.name(), "Outlet       : " + outlet.id().number(),
                "State        : " + (outlet.on() ? "ON" : "OFF"));
    }

    static String confirm(String action, String verb, ApcOutletBank.Outlet outlet) {
        String rule = "        " + "-".repeat(WIDTH - 8) + EOL;
        return EOL + EOL + rule + "        " + action + EOL + rule + EOL
                + "        This command will " + verb + " outlet " + outlet.id().number() + " named '" + outlet.name() + "'." + EOL + EOL
                + "        " + CONFIRM;
    }

    static String issued() {
        return EOL + EOL + "        Command successfully issued." + EOL + EOL + "        " + CONTINUE;
    }

    static String cancelled() {
        return EOL + EOL + "        Command cancelled." + EOL + EOL + "        " + CONTINUE;
    }

    static String logout() {
        return EOL + EOL + "Bye." + EOL + EOL + "Connection Closed - Bye" + EOL;
    }
}
