package org.corral.fence.agents.sim.apc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The AOS v5+ command line: {@code olStatus}, {@code olOn}, {@code olOff}, {@code olReboot},
 * {@code help}, {@code exit}. Answers start with an AOS status code ({@code E000: Success},
 * {@code E101: Command Not Found}, {@code E102: Parameter Error}) and end with the
 * {@code apc>} prompt. Outlet lists are "all", numbers, ranges "2-4", names, comma-separated.
 */
final class ApcCommandLine {
    private final ApcOutletBank bank;
    private final boolean lie;

    ApcCommandLine(ApcOutletBank bank, boolean lie) {
        this.bank = bank;
        this.lie = lie;
    }

    ConsoleOutput execute(String rawLine, String logged) {
        String line = rawLine.trim();
        if (line.isEmpty()) {
            return ConsoleOutput.of(ApcScreens.CLI_PROMPT, logged);
        }
        String[] words = line.split("\\s+", 2);
        String command = words[0].toLowerCase(Locale.ROOT);
        String argument = words.length > 1 ? words[1].trim() : "";
        switch (command) {
            case "exit": case "quit": case "bye": case "logout":
                return new ConsoleOutput(ApcScreens.EOL + "Bye." + ApcScreens.EOL, List.of(), true, logged + " (logout)");
            case "?": case "help":
                return answer("E000: Success" + ApcScreens.EOL
                        + "olStatus olOn olOff olReboot help exit" + ApcScreens.EOL, logged);
            case "olstatus":
                return status(argument, logged);
            case "olon":
                return power(argument, logged, List.of(true));
            case "oloff":
                return power(argument, logged, List.of(false));
            case "olreboot":
                return power(argument, logged, List.of(false, true));
            default:
                return answer("E101: Command Not Found" + ApcScreens.EOL, logged + " (unknown command)");
        }
    }

    private ConsoleOutput status(String argument, String logged) {
        Optional<List<ApcOutletBank.Outlet>> outlets = select(argument);
        if (outlets.isEmpty()) {
            return answer("E102: Parameter Error" + ApcScreens.EOL, logged + " (bad outlet list)");
        }
        StringBuilder text = new StringBuilder("E000: Success").append(ApcScreens.EOL);
        for (ApcOutletBank.Outlet outlet : outlets.get()) {
            text.append(String.format("%2d: %s: %s", outlet.id().number(), outlet.name(), outlet.on() ? "On" : "Off"))
                    .append(ApcScreens.EOL);
        }
        return answer(text.toString(), logged);
    }

    private ConsoleOutput power(String argument, String logged, List<Boolean> sequence) {
        Optional<List<ApcOutletBank.Outlet>> outlets = select(argument);
        if (outlets.isEmpty()) {
            return answer("E102: Parameter Error" + ApcScreens.EOL, logged + " (bad outlet list)");
        }
        List<PowerEffect> effects = new ArrayList<>();
        for (boolean on : sequence) {
            for (ApcOutletBank.Outlet outlet : outlets.get()) {
                effects.add(new PowerEffect(outlet.id(), outlet.name(), on));
            }
        }
        if (!lie) {
            effects.forEach(effect -> bank.setPower(effect.id(), effect.on()));
        }
        return new ConsoleOutput("E000: Success" + ApcScreens.EOL + ApcScreens.CLI_PROMPT, effects, false, logged);
    }

    private static ConsoleOutput answer(String text, String logged) {
        return ConsoleOutput.of(text + ApcScreens.CLI_PROMPT, logged);
    }

    /** Resolves an outlet list of unit 1; empty when any element names no outlet. */
    private Optional<List<ApcOutletBank.Outlet>> select(String argument) {
        if (argument.isEmpty()) {
            return Optional.empty();
        }
        if (argument.equalsIgnoreCase("all") || argument.equals("*")) {
            return Optional.of(bank.unit(1));
        }
        TreeSet<OutletId> chosen = new TreeSet<>();
        for (String element : argument.split(",")) {
            String part = element.trim();
            if (part.matches("\\d{1,3}-\\d{1,3}")) {
                String[] ends = part.split("-");
                int from = Integer.parseInt(ends[0]);
                int to = Integer.parseInt(ends[1]);
                for (int number = from; number <= to && from <= to; number++) {
                    if (!addNumber(chosen, number)) {
                        return Optional.empty();
                    }
                }
            } else if (part.matches("\\d{1,3}")) {
                if (!addNumber(chosen, Integer.parseInt(part))) {
                    return Optional.empty();
                }
            } else {
                Optional<ApcOutletBank.Outlet> named = bank.findByName(1, part);
                if (named.isEmpty()) {
                    return Optional.empty();
                }
                chosen.add(named.get().id());
            }
        }
        List<ApcOutletBank.Outlet> result = new ArrayList<>();
        chosen.forEach(id -> result.add(bank.find(id).orElseThrow()));
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    private boolean addNumber(TreeSet<OutletId> chosen, int number) {
        if (number < 1 || bank.find(new OutletId(1, number)).isEmpty()) {
            return false;
        }
        chosen.add(new OutletId(1, number));
        return true;
    }
}
