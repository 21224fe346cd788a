package org.corral.fence.agents.sim.apc;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fence_sim apc}: an APC MasterSwitch on a TCP port. Prints
 * {@code fence_sim apc: listening telnet HOST:PORT [ssh HOST:PORT]} on stdout once it accepts
 * connections, logs every input to stderr (or --log), runs until killed.
 */
@Command(name = "fence_sim apc", sortOptions = false, mixinStandardHelpOptions = false,
        description = "Simulates an APC MasterSwitch / Rack PDU (telnet, optionally ssh) for fence_apc.")
public final class ApcSimMain {
    @Option(names = "--listen", description = "address to listen on (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";
    @Option(names = {"-p", "--port"}, description = "telnet port, 0 = any free one (default ${DEFAULT-VALUE})")
    int port = 2323;
    @Option(names = "--ssh-port", description = "also serve ssh on this port (0 = any free one)")
    Integer sshPort;
    @Option(names = "--host-key", description = "ssh host key file, created if missing (default: a new key in memory)")
    String hostKey;
    @Option(names = "--authorized-keys", description = "OpenSSH authorized_keys file: these keys may log in over ssh as any --user")
    String authorizedKeys;
    @Option(names = "--firmware", description = "v2, v3, v5 (AOS v5+ command line) or plus (default ${DEFAULT-VALUE})")
    String firmware = "v3";
    @Option(names = "--outlets", description = "outlets per unit (default ${DEFAULT-VALUE})")
    int outlets = 8;
    @Option(names = "--units", description = "chained MasterSwitch plus units (firmware plus only; default ${DEFAULT-VALUE})")
    int units = 1;
    @Option(names = "--name", description = "outlet name, N=NAME or UNIT:N=NAME (repeatable)")
    List<String> names = new ArrayList<>();
    @Option(names = "--user", description = "NAME:PASSWORD[:admin|user] (repeatable; default apc:apc:admin)")
    List<String> users = new ArrayList<>();
    @Option(names = "--initially-off", description = "outlets start switched off")
    boolean initiallyOff;
    @Option(names = "--page-size", description = "outlets per page of the outlet list, 0 = no paging (default ${DEFAULT-VALUE})")
    int pageSize = 0;
    @Option(names = "--on-command", description = "N=COMMAND run (sh -c) when outlet N is switched on (repeatable)")
    List<String> onCommands = new ArrayList<>();
    @Option(names = "--off-command", description = "N=COMMAND run (sh -c) when outlet N is switched off (repeatable)")
    List<String> offCommands = new ArrayList<>();
    @Option(names = "--command", description = "COMMAND for outlets without their own; sees OUTLET, OUTLET_NAME, STATE=on|off")
    String anyCommand;
    @Option(names = "--command-timeout", description = "seconds a command may run before it is killed (default ${DEFAULT-VALUE})")
    int commandTimeoutSeconds = 30;
    @Option(names = "--idle-timeout", description = "seconds of client silence before a connection is closed (default ${DEFAULT-VALUE})")
    int idleTimeoutSeconds = 600;
    @Option(names = "--fail", description = "none, refuse-login, stall, stall-after-login, garbage, close-mid, lie (default ${DEFAULT-VALUE})")
    String fault = "none";
    @Option(names = "--fail-connections", description = "the fault hits only the first N connections, then the switch behaves (default 0 = all)")
    int failConnections = 0;
    @Option(names = "--device-name", description = "name shown in the banner (default ${DEFAULT-VALUE})")
    String deviceName = "SimPDU";
    @Option(names = "--log", description = "append the log to this file instead of stderr")
    String logFile;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the simulator (blocking until the process is killed); returns the exit code on a usage or bind error. */
    public static int run(String[] args) {
        org.corral.fence.agents.apc.FenceApc.quietLibraryLogging();
        ApcSimMain options = new ApcSimMain();
        CommandLine parser = new CommandLine(options);
        try {
            parser.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("fence_sim apc: " + e.getMessage());
            return 2;
        }
        if (parser.isUsageHelpRequested()) {
            parser.usage(System.out);
            return 0;
        }
        ApcSimConfig config;
        try {
            config = options.config();
            new ApcOutletBank(config.units(), config.outletsPerUnit(), config.names(), config.initiallyOn());
        } catch (IllegalArgumentException e) {
            System.err.println("fence_sim apc: " + e.getMessage());
            return 2;
        }
        return options.serve(config);
    }

    private int serve(ApcSimConfig config) {
        Consumer<String> sink;
        PrintStream logStream = null;
        try {
            if (logFile != null) {
                logStream = new PrintStream(new FileOutputStream(logFile, true), true, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            System.err.println("fence_sim apc: cannot open log " + logFile + ": " + e.getMessage());
            return 1;
        }
        PrintStream target = logStream != null ? logStream : System.err;
        sink = target::println;
        ApcSimulator simulator = new ApcSimulator(config, sink);
        try {
            simulator.start();
        } catch (IOException e) {
            System.err.println("fence_sim apc: " + e.getMessage());
            simulator.close();
            return 1;
        }
        System.out.println("fence_sim apc: listening telnet " + config.host() + ":" + simulator.telnetPort()
                + (simulator.sshPort() >= 0 ? " ssh " + config.host() + ":" + simulator.sshPort() : ""));
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stop.countDown();
        }));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    ApcSimConfig config() {
        List<ApcUser> accounts = new ArrayList<>();
        for (String user : users) {
            accounts.add(ApcUser.parse(user));
        }
        if (accounts.isEmpty()) {
            accounts.add(new ApcUser("apc", "apc", true));
        }
        if (commandTimeoutSeconds < 1 || idleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--command-timeout and --idle-timeout must be at least 1 second");
        }
        return new ApcSimConfig(host, port, sshPort == null ? -1 : sshPort, ApcFirmware.parse(firmware), units, outlets,
                pairs(names, "--name"), !initiallyOff, accounts, ApcFault.parse(fault), pageSize, deviceName,
                pairs(onCommands, "--on-command"), pairs(offCommands, "--off-command"), anyCommand,
                commandTimeoutSeconds * 1000L, idleTimeoutSeconds * 1000L, hostKey, authorizedKeys, failConnections);
    }

    private static Map<OutletId, String> pairs(List<String> values, String option) {
        Map<OutletId, String> result = new TreeMap<>();
        for (String value : values) {
            int equals = value.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(option + " wants OUTLET=VALUE, not '" + value + "'");
            }
            result.put(OutletId.parse(value.substring(0, equals)), value.substring(equals + 1));
        }
        return result;
    }
}
