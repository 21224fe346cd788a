package org.corral.fence.agents.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code fence_sim <kind> [options]}: starts the device simulator named by the first argument.
 * Each simulator registers with one line in {@link #SIMULATORS}.
 */
public final class FenceSim {

    /** A simulator entry point: runs until stopped and returns the exit code (no System.exit). */
    @FunctionalInterface
    public interface SimMain {
        int run(String[] args);
    }

    /** The registry: kind name to entry point. Sorted so the usage line is stable. */
    static final Map<String, SimMain> SIMULATORS = new TreeMap<>(Map.ofEntries(
            Map.entry("ipmi", org.corral.fence.agents.sim.ipmi.IpmiSimMain::run),
            Map.entry("apc", org.corral.fence.agents.sim.apc.ApcSimMain::run)));

    private FenceSim() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Dispatches on the first argument; returns the exit code. */
    public static int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("Usage: fence_sim {" + String.join("|", SIMULATORS.keySet()) + "} [options]"
                    + "   (fence_sim <kind> --help for the options of one simulator)");
            return args.length == 0 ? 1 : 0;
        }
        SimMain simulator = SIMULATORS.get(args[0]);
        if (simulator == null) {
            System.err.println("ERROR: unknown simulator '" + args[0] + "'; known: "
                    + String.join(", ", SIMULATORS.keySet()));
            return 1;
        }
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        try {
            return simulator.run(rest);
        } catch (RuntimeException e) {
            System.err.println("ERROR: fence_sim " + args[0] + ": " + e);
            return 1;
        }
    }
}
