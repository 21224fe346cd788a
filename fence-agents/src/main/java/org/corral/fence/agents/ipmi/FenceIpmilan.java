package org.corral.fence.agents.ipmi;

import static org.corral.fence.agents.api.FenceOption.Type.INTEGER;
import static org.corral.fence.agents.api.FenceOption.Type.STRING;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.AgentSpec;
import org.corral.fence.agents.api.CommonOptions;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceDriver;
import org.corral.fence.agents.api.FenceException;
import org.corral.fence.agents.api.FenceOption;
import org.corral.fence.agents.api.FenceOptions;
import org.corral.fence.agents.api.FenceRunner;
import org.corral.fence.agents.api.PowerDevice;

/**
 * fence_ipmilan: power fencing over IPMI LAN, speaking RMCP+ (-P, cipher suites 0-3 and 17, 3 by
 * default) or IPMI 1.5 (MD5, straight password, none) itself instead of running ipmitool.
 * Options, defaults and outputs follow the reference agent.
 */
public final class FenceIpmilan implements FenceDriver {
    public static final int DEFAULT_CIPHER_SUITE = 3;
    /** Retransmissions per request after the first send (ipmitool's default retry count is similar). */
    public static final int RETRANSMITS_MAX = 3;

    static final AgentSpec SPEC = buildSpec();

    /** Opens the transport: UDP in production, an in-memory BMC in tests. */
    @FunctionalInterface
    public interface TransportFactory {
        IpmiTransport open(String host, int port, Duration attemptTimeout, AgentLog log) throws FenceException;
    }

    private final TransportFactory transports;
    private final Random random;

    public FenceIpmilan() {
        this((host, port, timeout, log) -> new UdpTransport(host, port, timeout, RETRANSMITS_MAX, log),
                new SecureRandom());
    }

    public FenceIpmilan(TransportFactory transports, Random random) {
        this.transports = transports;
        this.random = random;
    }

    public static void main(String[] args) {
        FenceRunner.main(new FenceIpmilan(), args);
    }

    @Override
    public AgentSpec spec() {
        return SPEC;
    }

    private static AgentSpec buildSpec() {
        List<FenceOption> options = new ArrayList<>();
        options.add(FenceOption.of("auth", "auth").shortName('A').select("auth", "md5", "password", "none")
                .description("IPMI Lan Auth type.").build());
        options.add(FenceOption.of("cipher", "cipher").shortName('C').value(STRING, "cipher")
                .description("Ciphersuite to use (same as ipmitool -C parameter)").build());
        options.add(FenceOption.of("hexadecimal_kg", "hexadecimal-kg").value(STRING, "key")
                .description("Hexadecimal-encoded Kg key for IPMIv2 authentication").build());
        for (FenceOption common : CommonOptions.connection("623",
                "IP address or hostname of fencing device (together with --port-as-ip)")) {
            options.add(common.key().equals(CommonOptions.PORT)
                    ? FenceOption.of(CommonOptions.PORT, "plug").shortName('n').value(STRING, "ip")
                            .description(common.description()).build()
                    : common);
        }
        options.add(FenceOption.of("lanplus", "lanplus").shortName('P').flag().defaultValue("0")
                .description("Use Lanplus to improve security of connection").build());
        options.add(FenceOption.of("method", "method").shortName('m').select("method", "onoff", "cycle")
                .defaultValue("onoff").description("Method to fence").build());
        options.add(FenceOption.of("privlvl", "privlvl").shortName('L')
                .select("level", "callback", "user", "operator", "administrator").defaultValue("administrator")
                .description("Privilege level on IPMI device").build());
        options.add(FenceOption.of("target", "target").value(STRING, "targetaddress")
                .description("Bridge IPMI requests to the remote target address").build());
        options.add(FenceOption.of("ipmitool_path", "ipmitool-path").value(STRING, "path")
                .defaultValue("/usr/bin/ipmitool").order(200)
                .description("Path to ipmitool binary (accepted for compatibility; not used)").build());
        options.add(CommonOptions.portAsIp());
        options.add(FenceOption.of(CommonOptions.POWER_WAIT, "power-wait")
                .value(FenceOption.Type.SECOND, "seconds").defaultValue("2").order(200)
                .description("Wait X seconds after issuing ON/OFF").build());
        options.add(FenceOption.of("ipmitool_timeout", "ipmitool-timeout").value(STRING, "timeout")
                .defaultValue("2").order(201).description("Timeout (sec) for IPMI operation").build());
        options.add(FenceOption.of("sudo", "use-sudo").flag().order(205)
                .description("Use sudo (without password) when calling 3rd party software").build());
        options.add(FenceOption.of("sudo_path", "sudo-path").value(STRING, "path").defaultValue("/usr/bin/sudo")
                .order(206).description("Path to sudo binary").build());
        Map<String, String> symlinks = new LinkedHashMap<>();
        symlinks.put("fence_ilo3", "Fence agent for HP iLO3");
        symlinks.put("fence_ilo4", "Fence agent for HP iLO4");
        symlinks.put("fence_ilo5", "Fence agent for HP iLO5");
        symlinks.put("fence_ipmilanplus", "Fence agent for IPMIv2 lanplus");
        symlinks.put("fence_imm", "Fence agent for IBM Integrated Management Module");
        symlinks.put("fence_idrac", "Fence agent for Dell iDRAC");
        return AgentSpec.of("fence_ipmilan", "Fence agent for IPMI",
                "fence_ipmilan powers machines off and on through their BMC over IPMI LAN, speaking IPMI 2.0"
                        + " RMCP+ (lanplus) or IPMI 1.5 directly. WARNING! With -m cycle the BMC may report"
                        + " success before the node is powered off; prefer -m onoff when the device supports it.",
                options, false).withSymlinks(symlinks).withExtraActions(List.of("diag"))
                .withoutOptions(CommonOptions.SEPARATOR);
    }

    @Override
    public List<String> validate(FenceOptions options) {
        List<String> problems = new ArrayList<>();
        if (options.isSet(CommonOptions.PORT) && !options.flag(CommonOptions.PORT_AS_IP)) {
            problems.add("Failed: option -n/--plug is not recognized (use it with --port-as-ip)");
        }
        if (options.isSet("cipher") && cipherSuite(options) == null) {
            problems.add("Failed: unsupported cipher suite '" + options.get("cipher").orElse("")
                    + "' (supported: 0, 1, 2, 3, 17)");
        }
        if (options.get(CommonOptions.LOGIN).orElse("").getBytes(StandardCharsets.UTF_8).length
                > Rakp.USER_NAME_BYTES_MAX) {
            problems.add("Failed: login name longer than " + Rakp.USER_NAME_BYTES_MAX + " bytes");
        }
        if (options.get(CommonOptions.PASSWD).orElse("").getBytes(StandardCharsets.UTF_8).length
                > IpmiCrypto.PASSWORD_BYTES_MAX) {
            problems.add("Failed: password longer than " + IpmiCrypto.PASSWORD_BYTES_MAX + " bytes");
        }
        if (options.isSet("hexadecimal_kg") && kg(options) == null) {
            problems.add("Failed: --hexadecimal-kg must be at most 40 hexadecimal digits");
        }
        if (options.isSet("target")) {
            problems.add("Failed: --target (bridged IPMB requests) is not supported by this agent");
        }
        if (attemptTimeout(options) == null) {
            problems.add("Failed: --ipmitool-timeout must be a number of seconds");
        }
        return problems;
    }

    static CipherSuite cipherSuite(FenceOptions options) {
        String text = options.get("cipher").orElse(Integer.toString(DEFAULT_CIPHER_SUITE)).strip();
        try {
            return CipherSuite.byId(Integer.parseInt(text)).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static byte[] kg(FenceOptions options) {
        String text = options.get("hexadecimal_kg").orElse("").strip();
        try {
            byte[] key = HexFormat.of().parseHex(text);
            return key.length <= IpmiCrypto.PASSWORD_BYTES_MAX ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Duration attemptTimeout(FenceOptions options) {
        try {
            double seconds = Double.parseDouble(options.get("ipmitool_timeout").orElse("2").strip());
            if (!(seconds > 0 && seconds <= 600)) {
                return null;
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean rebootByCycle(FenceOptions options) {
        return options.get("method").orElse("onoff").toLowerCase(Locale.ROOT).equals("cycle");
    }

    @Override
    public PowerDevice connect(FenceOptions options, AgentLog log) throws FenceException {
        String host = options.get(CommonOptions.IPADDR).orElse("");
        int port = options.getInt(CommonOptions.IPPORT, 623);
        SessionConfig config = sessionConfig(options);
        boolean lanplus = options.flag("lanplus");
        log.info("Connecting to " + host + ":" + port + (lanplus ? " with IPMI 2.0 RMCP+, cipher suite "
                + config.suite().id : " with IPMI 1.5") + ", user '" + options.get(CommonOptions.LOGIN).orElse("")
                + "', password [set], privilege " + config.privilege().lower());
        IpmiTransport transport = transports.open(host, port, attemptTimeout(options), log);
        IpmiSession session = lanplus ? LanplusSession.open(transport, config, random, log)
                : Lan15Session.open(transport, config, random, log);
        return new IpmiPowerDevice(session, log);
    }

    static SessionConfig sessionConfig(FenceOptions options) {
        byte[] user = options.get(CommonOptions.LOGIN).orElse("").getBytes(StandardCharsets.UTF_8);
        byte[] password = options.get(CommonOptions.PASSWD).orElse("").getBytes(StandardCharsets.UTF_8);
        int authType = switch (options.get("auth").orElse("").toLowerCase(Locale.ROOT)) {
            case "md5" -> LanPacket.Lan15.AUTH_MD5;
            case "password" -> LanPacket.Lan15.AUTH_PASSWORD;
            case "none" -> LanPacket.Lan15.AUTH_NONE;
            default -> -1;
        };
        Privilege privilege = Privilege.parse(options.get("privlvl").orElse("administrator"))
                .orElse(Privilege.ADMINISTRATOR);
        return new SessionConfig(user, password, kg(options), cipherSuite(options), authType, privilege);
    }

    @Override
    public int extraAction(String action, FenceOptions options, PowerDevice device, AgentLog log,
                           java.io.PrintStream out) throws FenceException {
        if (!action.equals("diag") || !(device instanceof IpmiPowerDevice ipmi)) {
            throw new FenceException(FailReason.GENERIC, "Failed: Unrecognised action '" + action + "'");
        }
        ipmi.chassisControl(IpmiPowerDevice.CONTROL_DIAG_INTERRUPT, "pulse diagnostic interrupt");
        out.println("Success: Diagnostic interrupt sent");
        return 0;
    }
}
