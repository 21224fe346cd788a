package org.corral.fence.agents.sim.ipmi;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.corral.fence.agents.ipmi.CipherSuite;
import org.corral.fence.agents.ipmi.IpmiCrypto;

/**
 * {@code fence_sim ipmi}: one virtual BMC on a UDP address. Runs until killed; logs every command.
 *
 * <pre>
 * fence_sim ipmi --listen 127.0.0.1:6230 --user admin --password secret \
 *     --on-power-off 'kill -9 1234' --on-power-on 'start-node' [--power on|off]
 *     [--cipher-suites 0,1,2,3,17] [--no-lan15] [--fault none|refuse|timeout|lie|garbage]
 *     [--fault-file PATH] [--log FILE] [--guid 32HEX] [--seed N]
 * </pre>
 */
public final class IpmiSimMain {
    static final String USAGE = "Usage: fence_sim ipmi [--listen HOST:PORT] [--user NAME --password PW]..."
            + " [--power on|off] [--on-power-off CMD] [--on-power-on CMD] [--cipher-suites 0,1,2,3,17]"
            + " [--no-lan15] [--fault none|refuse|timeout|lie|garbage] [--fault-file PATH] [--log FILE]"
            + " [--guid HEX32] [--seed N]";

    /** Parsed command line. */
    record Settings(InetSocketAddress listen, Map<String, String> users, TreeSet<Integer> suites, boolean lan15,
                    boolean powerOn, String onPowerOff, String onPowerOn, BmcFault fault, Path faultFile,
                    String logFile, byte[] guid, Long seed) {
    }

    /** A usage error: one line, exit 1. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private IpmiSimMain() {
    }

    /** Entry point for {@code fence_sim ipmi}; returns only on a startup error. */
    public static int run(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return 0;
        }
        Settings settings;
        try {
            settings = parse(args);
        } catch (UsageException e) {
            System.err.println("ERROR: fence_sim ipmi: " + e.getMessage());
            System.err.println(USAGE);
            return 1;
        }
        PrintStream log = System.err;
        if (settings.logFile() != null) {
            try {
                log = new PrintStream(new FileOutputStream(settings.logFile(), true), true, StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("ERROR: fence_sim ipmi: cannot open log file " + settings.logFile() + ": "
                        + e.getMessage());
                return 1;
            }
        }
        VirtualBmc bmc = new VirtualBmc(new VirtualBmc.Config(settings.users(), settings.suites(), settings.guid(),
                settings.lan15()), settings.powerOn(), IpmiSimServer.seeded(settings.seed()));
        bmc.setFault(settings.fault());
        IpmiSimServer server;
        try {
            server = new IpmiSimServer(bmc, settings.listen(), log, settings.onPowerOff(), settings.onPowerOn(),
                    settings.faultFile());
        } catch (SocketException e) {
            System.err.println("ERROR: fence_sim ipmi: cannot listen on " + settings.listen() + ": " + e.getMessage());
            return 1;
        }
        server.start();
        log.println("fence_sim ipmi: listening on " + settings.listen().getAddress().getHostAddress() + ":"
                + server.port() + ", power " + (settings.powerOn() ? "ON" : "OFF") + ", users "
                + settings.users().keySet() + ", cipher suites " + settings.suites() + ", fault "
                + settings.fault().lower());
        log.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static Settings parse(String[] args) throws UsageException {
        String listen = "127.0.0.1:623";
        List<String> userNames = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        TreeSet<Integer> suites = new TreeSet<>(List.of(0, 1, 2, 3, 17));
        boolean lan15 = true;
        boolean powerOn = true;
        String onPowerOff = null;
        String onPowerOn = null;
        BmcFault fault = BmcFault.NONE;
        Path faultFile = null;
        String logFile = null;
        byte[] guid = HexFormat.of().parseHex("a123456789abcdefa123456789abcdef");
        Long seed = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--no-lan15")) {
                lan15 = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + option + " needs a value (or is unknown)");
            }
            String value = args[++i];
            switch (option) {
                case "--listen" -> listen = value;
                case "--user" -> userNames.add(value);
                case "--password" -> passwords.add(value);
                case "--cipher-suites" -> suites = suites(value);
                case "--power" -> powerOn = onOff(value);
                case "--on-power-off" -> onPowerOff = value;
                case "--on-power-on" -> onPowerOn = value;
                case "--fault" -> fault = BmcFault.parse(value)
                        .orElseThrow(() -> new UsageException("unknown fault '" + value + "'"));
                case "--fault-file" -> faultFile = Path.of(value);
                case "--log" -> logFile = value;
                case "--guid" -> guid = guid(value);
                case "--seed" -> seed = number(value, "--seed");
                default -> throw new UsageException("unknown option " + option);
            }
        }
        return new Settings(address(listen), users(userNames, passwords), suites, lan15, powerOn, onPowerOff,
                onPowerOn, fault, faultFile, logFile, guid, seed);
    }

    private static Map<String, String> users(List<String> names, List<String> passwords) throws UsageException {
        if (names.isEmpty() && passwords.size() <= 1) {
            names = List.of("admin");
        }
        if (passwords.isEmpty()) {
            throw new UsageException("--password is required");
        }
        if (names.size() != passwords.size()) {
            throw new UsageException("give one --password per --user");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).getBytes(StandardCharsets.UTF_8).length > 16) {
                throw new UsageException("user name longer than 16 bytes: " + names.get(i));
            }
            if (passwords.get(i).getBytes(StandardCharsets.UTF_8).length > IpmiCrypto.PASSWORD_BYTES_MAX) {
                throw new UsageException("password longer than 20 bytes for user " + names.get(i));
            }
            users.put(names.get(i), passwords.get(i));
        }
        return users;
    }

    private static TreeSet<Integer> suites(String text) throws UsageException {
        TreeSet<Integer> suites = new TreeSet<>();
        for (String part : text.split(",")) {
            int id = (int) number(part.strip(), "--cipher-suites");
            if (CipherSuite.byId(id).isEmpty()) {
                throw new UsageException("unsupported cipher suite " + id + " (supported: 0, 1, 2, 3, 17)");
            }
            suites.add(id);
        }
        return suites;
    }

    private static boolean onOff(String text) throws UsageException {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException("--power takes on or off, not '" + text + "'");
        };
    }

    private static byte[] guid(String text) throws UsageException {
        try {
            byte[] guid = HexFormat.of().parseHex(text.replace("-", ""));
            if (guid.length == 16) {
                return guid;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UsageException("--guid takes 32 hexadecimal digits");
    }

    private static long number(String text, String option) throws UsageException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not '" + text + "'");
        }
    }

    static InetSocketAddress address(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--listen takes HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        long port = number(text.substring(colon + 1), "--listen port");
        if (port < 0 || port > 65535) {
            throw new UsageException("port out of range: " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), (int) port);
        } catch (UnknownHostException e) {
            throw new UsageException("unknown host '" + host + "'");
        }
    }
}
