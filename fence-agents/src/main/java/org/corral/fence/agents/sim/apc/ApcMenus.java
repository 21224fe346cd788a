package org.corral.fence.agents.sim.apc;

import java.util.ArrayList;
import java.util.List;

import org.corral.fence.agents.sim.apc.ApcConsole.Control;
import org.corral.fence.agents.sim.apc.ApcConsole.Screen;

/**
 * The menu tree of the menu firmware generations: which items each screen shows for a firmware
 * and role, and where each item leads. The phrases fence_apc keys on are, per screen:
 * Device Manager: "Outlet Management" (v3), "Outlet Control/Configuration" (v2 admin),
 * " MasterSwitch plus N" (plus); Outlet Management: "2- Outlet Restriction" (v3 admin);
 * Control Outlet: on is item 1, off item 2 (plus: off is item 3).
 */
final class ApcMenus {
    private ApcMenus() {
    }

    /** The screen an item leads to, or null when the item does not exist (the screen is redrawn). */
    static Screen select(ApcConsole console, String line) {
        int item;
        try {
            item = Integer.parseInt(line);
        } catch (NumberFormatException e) {
            return null;
        }
        ApcFirmware firmware = console.settings().firmware();
        boolean admin = console.user().admin();
        switch (console.screen()) {
            case MAIN:
                return item == 1 ? Screen.DEVICE : item == 2 || item == 3 ? Screen.STUB : null;
            case DEVICE:
                if (firmware == ApcFirmware.PLUS) {
                    if (item >= 1 && item <= console.bank().units()) {
                        console.unit(item);
                        return Screen.OUTLET_LIST;
                    }
                    return null;
                }
                if (firmware == ApcFirmware.V3) {
                    return item == 2 ? Screen.OUTLET_MANAGEMENT : null;
                }
                return item == (admin ? 3 : 2) ? Screen.OUTLET_LIST : null;
            case OUTLET_MANAGEMENT:
                return item == 1 ? Screen.OUTLET_LIST : null;
            case OUTLET_LIST:
                return selectOutlet(console, item);
            case OUTLET:
                return item == 1 ? Screen.CONTROL : null;
            case CONTROL:
                Control control = control(firmware, item);
                if (control == null || control == Control.CANCEL) {
                    return null;
                }
                console.pending(control);
                return Screen.CONFIRM;
            default:
                return null;
        }
    }

    private static Screen selectOutlet(ApcConsole console, int item) {
        if (console.bank().find(new OutletId(console.unit(), item)).isEmpty()) {
            return null;
        }
        console.selected(new OutletId(console.unit(), item));
        return console.hasOutletScreen() ? Screen.OUTLET : Screen.CONTROL;
    }

    /** v2/v3: 1 on, 2 off, 3 reboot; MasterSwitch plus: 1 on, 2 reboot, 3 off. Delayed ones act at once here. */
    private static Control control(ApcFirmware firmware, int item) {
        if (firmware == ApcFirmware.PLUS) {
            return switch (item) {
                case 1, 4 -> Control.ON;
                case 2, 5 -> Control.REBOOT;
                case 3, 6 -> Control.OFF;
                case 7 -> Control.CANCEL;
                default -> null;
            };
        }
        return switch (item) {
            case 1, 4 -> Control.ON;
            case 2, 5 -> Control.OFF;
            case 3, 6 -> Control.REBOOT;
            case 7 -> Control.CANCEL;
            default -> null;
        };
    }

    static String render(ApcConsole console) {
        ApcFirmware firmware = console.settings().firmware();
        boolean admin = console.user().admin();
        return switch (console.screen()) {
            case MAIN -> ApcScreens.mainMenu();
            case STUB -> ApcScreens.menu("Not simulated", List.of("This menu is not part of the simulator."), List.of(), false);
            case DEVICE -> ApcScreens.menu("Device Manager", List.of(), deviceItems(console), false);
            case OUTLET_MANAGEMENT -> ApcScreens.menu("Outlet Management", List.of(),
                    admin ? List.of("1- Outlet Control/Configuration", "2- Outlet Restriction") : List.of("1- Outlet Control"), false);
            case OUTLET_LIST -> outletList(console);
            case OUTLET -> {
                ApcOutletBank.Outlet outlet = console.bank().find(console.selected()).orElseThrow();
                yield ApcScreens.menu("Outlet " + outlet.id().number(), ApcScreens.outletDetails(outlet),
                        List.of("1- Control Outlet", "2- Configure Outlet"), false);
            }
            case CONTROL -> {
                ApcOutletBank.Outlet outlet = console.bank().find(console.selected()).orElseThrow();
                yield ApcScreens.menu("Control Outlet", ApcScreens.outletDetails(outlet), controlItems(firmware), false);
            }
            case CONFIRM -> {
                ApcOutletBank.Outlet outlet = console.bank().find(console.selected()).orElseThrow();
                yield switch (console.pending()) {
                    case ON -> ApcScreens.confirm("Immediate On", "immediately turn on", outlet);
                    case OFF -> ApcScreens.confirm("Immediate Off", "immediately turn off", outlet);
                    default -> ApcScreens.confirm("Immediate Reboot", "immediately reboot", outlet);
                };
            }
            default -> throw new IllegalStateException("no menu to draw in state " + console.screen());
        };
    }

    private static List<String> deviceItems(ApcConsole console) {
        ApcFirmware firmware = console.settings().firmware();
        if (firmware == ApcFirmware.PLUS) {
            List<String> items = new ArrayList<>();
            for (int unit = 1; unit <= console.bank().units(); unit++) {
                items.add(unit + "- MasterSwitch plus " + unit);
            }
            return items;
        }
        if (firmware == ApcFirmware.V3) {
            return List.of("1- Phase Management", "2- Outlet Management", "3- Power Supply Status");
        }
        return console.user().admin()
                ? List.of("1- Phase Monitor/Configuration", "2- Outlet Restriction Configuration",
                        "3- Outlet Control/Configuration", "4- Power Supply Status")
                : List.of("1- Phase Monitor", "2- Outlet Control");
    }

    private static List<String> controlItems(ApcFirmware firmware) {
        if (firmware == ApcFirmware.PLUS) {
            return List.of("1- Immediate On", "2- Immediate Reboot", "3- Immediate Off",
                    "4- Delayed On", "5- Delayed Reboot", "6- Delayed Off", "7- Cancel");
        }
        return List.of("1- Immediate On", "2- Immediate Off", "3- Immediate Reboot",
                "4- Delayed On", "5- Delayed Off", "6- Delayed Reboot", "7- Cancel");
    }

    private static String outletList(ApcConsole console) {
        List<ApcOutletBank.Outlet> outlets = console.bank().unit(console.unit());
        String title = console.settings().firmware() == ApcFirmware.PLUS ? "MasterSwitch plus " + console.unit()
                : console.user().admin() ? "Outlet Control/Configuration" : "Outlet Control";
        int per = console.settings().pageOutletsMax();
        if (per == 0) {
            return ApcScreens.outletPage(title, outlets, true, outlets.size() + 1);
        }
        int from = Math.min(console.listPage() * per, outlets.size());
        int to = Math.min(from + per, outlets.size());
        return ApcScreens.outletPage(title, outlets.subList(from, to), to >= outlets.size(), outlets.size() + 1);
    }
}
