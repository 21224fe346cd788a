package org.corral.fence.agents.sim.apc;

import java.util.Locale;

/**
 * The firmware generations of an APC MasterSwitch / Rack PDU that fence_apc knows how to drive.
 * The first three speak the numbered-menu console, the last one the AOS v5+ command line.
 */
public enum ApcFirmware {
    /** AOS v2.x MasterSwitch: Device Manager lists "Outlet Control/Configuration" directly. */
    V2("v2.7.0"),
    /** AOS v3.x Rack PDU: Device Manager has an "Outlet Management" submenu. */
    V3("v3.7.3"),
    /** MasterSwitch plus: Device Manager lists the chained units ("MasterSwitch plus N"). */
    PLUS("v3.3.4"),
    /** AOS v5/v6 command line: {@code olStatus all}, {@code olOn N}, {@code olOff N}. */
    V5("v6.4.6");

    private final String version;

    ApcFirmware(String version) {
        this.version = version;
    }

    /** The version string shown in the banner; fence_apc picks menu or CLI mode from its first digit. */
    public String version() {
        return version;
    }

    public boolean commandLine() {
        return this == V5;
    }

    /** Parses the --firmware value: v2, v3, v5 (also v6, v7, cli), plus (also msplus). */
    public static ApcFirmware parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "v2": return V2;
            case "v3": return V3;
            case "plus": case "msplus": case "masterswitchplus": return PLUS;
            case "v5": case "v6": case "v7": case "cli": return V5;
            default:
                throw new IllegalArgumentException("unknown firmware '" + text + "' (use v2, v3, v5 or plus)");
        }
    }
}
