package org.corral.fence.agents.api;

import static org.corral.fence.agents.api.FenceOption.Type.INTEGER;
import static org.corral.fence.agents.api.FenceOption.Type.SECOND;
import static org.corral.fence.agents.api.FenceOption.Type.STRING;

import java.util.List;

/**
 * The options every agent shares (the reference library's common table), with their defaults.
 * Agents add their device options through {@link AgentSpec}; an agent may re-declare a common key to
 * change its default or description (e.g. fence_ipmilan's power_wait of 2 s).
 *
 * <p>Orders mirror the reference metadata: device options 1, logging 50..60, separators 100,
 * timing 200 and up.
 */
public final class CommonOptions {
    public static final String ACTION = "action";
    public static final String IPADDR = "ipaddr";
    public static final String IPPORT = "ipport";
    public static final String LOGIN = "login";
    public static final String PASSWD = "passwd";
    public static final String PASSWD_SCRIPT = "passwd_script";
    public static final String PORT = "port";
    public static final String VERBOSE = "verbose";
    public static final String VERBOSE_LEVEL = "verbose_level";
    public static final String DEBUG = "debug";
    public static final String QUIET = "quiet";
    public static final String VERSION = "version";
    public static final String HELP = "help";
    public static final String SEPARATOR = "separator";
    public static final String PLUG_SEPARATOR = "plug_separator";
    public static final String DELAY = "delay";
    public static final String LOGIN_TIMEOUT = "login_timeout";
    public static final String SHELL_TIMEOUT = "shell_timeout";
    public static final String POWER_TIMEOUT = "power_timeout";
    public static final String POWER_WAIT = "power_wait";
    public static final String STONITH_STATUS_SLEEP = "stonith_status_sleep";
    public static final String RETRY_ON = "retry_on";
    public static final String DISABLE_TIMEOUT = "disable_timeout";
    public static final String PORT_AS_IP = "port_as_ip";
    public static final String INET4_ONLY = "inet4_only";
    public static final String INET6_ONLY = "inet6_only";

    private CommonOptions() {
    }

    /** Connection options most network agents use: address, port, login, password, script, plug. */
    public static List<FenceOption> connection(String defaultPort, String plugDescription) {
        return List.of(
                FenceOption.of(IPADDR, "ip").shortName('a').value(STRING, "ip")
                        .description("IP address or hostname of fencing device").build(),
                FenceOption.of(IPPORT, "ipport").shortName('u').value(INTEGER, "port").defaultValue(defaultPort)
                        .description("TCP/UDP port to use for connection with device").build(),
                FenceOption.of(LOGIN, "username").shortName('l').value(STRING, "name")
                        .description("Login name").build(),
                FenceOption.of(PASSWD, "password").shortName('p').value(STRING, "password").secret()
                        .description("Login password or passphrase").build(),
                FenceOption.of(PASSWD_SCRIPT, "password-script").shortName('S').value(STRING, "script")
                        .description("Script to run to retrieve password").build(),
                FenceOption.of(PORT, "plug").shortName('n').value(STRING, "id")
                        .description(plugDescription).build());
    }

    /** Address-family switches (-4/-6). */
    public static List<FenceOption> inetFamily() {
        return List.of(
                FenceOption.of(INET4_ONLY, "inet4-only").shortName('4').flag()
                        .description("Forces agent to use IPv4 addresses only").build(),
                FenceOption.of(INET6_ONLY, "inet6-only").shortName('6').flag()
                        .description("Forces agent to use IPv6 addresses only").build());
    }

    /** Options present in every agent: action, logging, help, separators and the timing knobs. */
    public static List<FenceOption> always() {
        return List.of(
                FenceOption.of(ACTION, "action").shortName('o').value(STRING, "action").defaultValue("reboot")
                        .required().description("Fencing action").build(),
                FenceOption.of(QUIET, "quiet").shortName('q').flag().order(50)
                        .description("Disable logging to stderr. Does not affect --verbose or --debug-file or"
                                + " logging to syslog.").build(),
                FenceOption.of(VERBOSE, "verbose").shortName('v').flag().order(51)
                        .description("Verbose mode. Multiple -v flags can be stacked on the command line"
                                + " (e.g., -vvv) to increase verbosity.").build(),
                FenceOption.of(VERBOSE_LEVEL, "verbose-level").value(INTEGER, null).order(51)
                        .description("Level of debugging detail in output. Defaults to the number of --verbose"
                                + " flags given, or to 1 if verbose=1 arrives on stdin.").build(),
                FenceOption.of(DEBUG, "debug-file").shortName('D').value(STRING, "debugfile").order(52)
                        .description("Write debug information to given file").build(),
                FenceOption.of(VERSION, "version").shortName('V').flag().order(53)
                        .description("Display version information and exit").build(),
                FenceOption.of(HELP, "help").shortName('h').flag().order(54)
                        .description("Display help and exit").build(),
                FenceOption.of(PLUG_SEPARATOR, "plug-separator").value(STRING, "char").defaultValue(",").order(100)
                        .description("Separator for plug parameter when specifying more than 1 plug").build(),
                FenceOption.of(SEPARATOR, "separator").shortName('C').value(STRING, "char").defaultValue(",")
                        .order(100).description("Separator for CSV created by 'list' operation").build(),
                timing(DELAY, "delay", "0", "Wait X seconds before fencing is started"),
                FenceOption.of(DISABLE_TIMEOUT, "disable-timeout").value(STRING, "true/false").order(200)
                        .description("Disable timeout (true/false) (default: true when run from Pacemaker"
                                + " 2.0+)").build(),
                timing(LOGIN_TIMEOUT, "login-timeout", "5", "Wait X seconds for cmd prompt after login"),
                timing(POWER_TIMEOUT, "power-timeout", "20", "Test X seconds for status change after ON/OFF"),
                timing(POWER_WAIT, "power-wait", "0", "Wait X seconds after issuing ON/OFF"),
                timing(SHELL_TIMEOUT, "shell-timeout", "3", "Wait X seconds for cmd prompt after issuing command"),
                timing(STONITH_STATUS_SLEEP, "stonith-status-sleep", "1",
                        "Sleep X seconds between status calls during a STONITH action"),
                FenceOption.of(RETRY_ON, "retry-on").value(INTEGER, "attempts").defaultValue("1").order(202)
                        .description("Count of attempts to retry power on").build());
    }

    /** --port-as-ip, for agents without plugs. */
    public static FenceOption portAsIp() {
        return FenceOption.of(PORT_AS_IP, "port-as-ip").flag().order(200)
                .description("Make \"port/plug\" to be an alias to IP address").build();
    }

    private static FenceOption timing(String key, String longName, String defaultValue, String description) {
        return FenceOption.of(key, longName).value(SECOND, "seconds").defaultValue(defaultValue).order(200)
                .description(description).build();
    }
}
