package org.corral.fence.agents.apc;

import static org.corral.fence.agents.api.FenceOption.Type.STRING;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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
 * fence_apc: fences through an APC MasterSwitch / Rack PDU console over telnet (default) or ssh
 * ({@code -x}), with every firmware generation's dialogue ({@link ApcDialogue}). Options, names
 * and defaults match the reference agent's metadata (reference/agent-metadata/fence_apc.*).
 *
 * <p>Differences from the reference agent, on purpose: ssh runs through Apache MINA SSHD, not the
 * ssh binary, so {@code --ssh-options}, {@code --ssh-path} and {@code --telnet-path} are accepted
 * and ignored; the host key of the switch is accepted as the reference agent's "yes" answer does.
 */
public final class FenceApc implements FenceDriver {
    public static final String CMD_PROMPT = "cmd_prompt";
    public static final String IDENTITY_FILE = "identity_file";
    public static final String SECURE = "secure";
    public static final String SSH_OPTIONS = "ssh_options";
    public static final String SWITCH = "switch";
    public static final String DEFAULT_PROMPTS = "['\\n>', '\\napc>']";
    /** With --disable-timeout a wait is still bounded: a fence agent must never hang. */
    public static final Duration DISABLED_TIMEOUT_BOUND = Duration.ofMinutes(2);
    public static final int PROMPTS_MAX = 16;

    static final AgentSpec SPEC = AgentSpec.of("fence_apc", "Fence agent for APC over telnet/ssh",
            "fence_apc switches the outlets of an APC MasterSwitch or Rack PDU through its console, over telnet"
                    + " or ssh, with the menus of AOS v2 and v3 firmware, MasterSwitch plus units and the command"
                    + " line of AOS v5 and later. A console session to the switch blocks other logins, so keep"
                    + " interactive sessions short while the cluster may need to fence.",
            options(), true).withVendorUrl("http://www.apc.com");

    public static void main(String[] args) {
        quietLibraryLogging();
        FenceRunner.main(new FenceApc(), args);
    }

    /** MINA SSHD logs through SLF4J; without a binding SLF4J would warn on stderr, which is the agent's. */
    public static void quietLibraryLogging() {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private static List<FenceOption> options() {
        List<FenceOption> options = new ArrayList<>();
        for (FenceOption option : CommonOptions.connection("23",
                "Physical plug number on device, UUID or identification of machine")) {
            boolean required = List.of(CommonOptions.IPADDR, CommonOptions.LOGIN, CommonOptions.PORT).contains(option.key());
            options.add(required ? option.withRequired(true) : option);
        }
        options.addAll(CommonOptions.inetFamily());
        options.add(FenceOption.of(CMD_PROMPT, "command-prompt").shortName('c').value(STRING, "prompt")
                .defaultValue(DEFAULT_PROMPTS).description("Force Python regex for command prompt").build());
        options.add(FenceOption.of(IDENTITY_FILE, "identity-file").shortName('k').value(STRING, "filename")
                .description("Identity file (private key) for SSH").build());
        options.add(FenceOption.of(SECURE, "ssh").shortName('x').flag().description("Use SSH connection").build());
        options.add(FenceOption.of(SSH_OPTIONS, "ssh-options").value(STRING, "options").defaultValue("-1 -c blowfish")
                .description("SSH options to use (accepted for compatibility; the built-in ssh client ignores them)").build());
        options.add(FenceOption.of(SWITCH, "switch").shortName('s').value(STRING, "id")
                .description("Physical switch number on device").build());
        options.add(FenceOption.of("ssh_path", "ssh-path").value(STRING, "path").defaultValue("/usr/bin/ssh").order(300)
                .description("Path to ssh binary (accepted for compatibility; not used)").build());
        options.add(FenceOption.of("telnet_path", "telnet-path").value(STRING, "path").defaultValue("/usr/bin/telnet")
                .order(300).description("Path to telnet binary (accepted for compatibility; not used)").build());
        return options;
    }

    @Override
    public AgentSpec spec() {
        return SPEC;
    }

    @Override
    public List<String> validate(FenceOptions options) {
        List<String> problems = new ArrayList<>();
        try {
            prompts(options);
        } catch (IllegalArgumentException e) {
            problems.add("Failed: " + e.getMessage());
        }
        String switchId = options.get(SWITCH).orElse(null);
        if (switchId != null && !switchId.matches("\\d{1,3}")) {
            problems.add("Failed: --switch must be a switch number, not '" + switchId + "'");
        }
        if (options.flag(CommonOptions.INET4_ONLY) && options.flag(CommonOptions.INET6_ONLY)) {
            problems.add("Failed: -4 and -6 exclude each other");
        }
        return problems;
    }

    /** -c: one regex, or a Python-style list of them ("['\n>', '\napc>']"); "\n" is a regex escape already. */
    static List<Pattern> prompts(FenceOptions options) {
        String value = options.get(CMD_PROMPT).orElse(DEFAULT_PROMPTS).trim();
        List<String> texts = new ArrayList<>();
        if (value.startsWith("[") && value.endsWith("]")) {
            for (String element : value.substring(1, value.length() - 1).split(",")) {
                String text = element.trim();
                if (text.length() >= 2 && (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
                    text = text.substring(1, text.length() - 1);
                }
                if (!text.isEmpty()) {
                    texts.add(text);
                }
            }
        } else {
            texts.add(value);
        }
        if (texts.isEmpty() || texts.size() > PROMPTS_MAX) {
            throw new IllegalArgumentException("--command-prompt needs 1.." + PROMPTS_MAX + " regular expressions");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String text : texts) {
            try {
                patterns.add(Pattern.compile(text));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--command-prompt '" + text + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        return patterns;
    }

    @Override
    public PowerDevice connect(FenceOptions options, AgentLog log) throws FenceException {
        String host = options.get(CommonOptions.IPADDR).orElseThrow();
        boolean ssh = options.flag(SECURE);
        int port = options.isSet(CommonOptions.IPPORT) ? options.getInt(CommonOptions.IPPORT, 23) : ssh ? 22 : 23;
        String user = options.get(CommonOptions.LOGIN).orElse("");
        String password = options.get(CommonOptions.PASSWD).orElse(null);
        ApcDialogue.Timeouts timeouts = new ApcDialogue.Timeouts(bounded(options, CommonOptions.LOGIN_TIMEOUT),
                bounded(options, CommonOptions.SHELL_TIMEOUT), bounded(options, CommonOptions.POWER_TIMEOUT));
        ApcChannel channel;
        try {
            InetAddress address = ApcConnector.resolve(host, options.flag(CommonOptions.INET4_ONLY),
                    options.flag(CommonOptions.INET6_ONLY));
            log.info("Connecting to " + address.getHostAddress() + ":" + port + (ssh ? " (ssh)" : " (telnet)"));
            channel = ssh
                    ? ApcConnector.ssh(address, port, user, password, options.get(IDENTITY_FILE).orElse(null),
                            timeouts.login(), log::wire)
                    : ApcConnector.telnet(address, port, timeouts.login(), log::wire);
        } catch (IOException e) {
            log.debug(e.getMessage());
            throw new FenceException(FailReason.LOGIN_DENIED);
        }
        ApcDialogue dialogue = new ApcDialogue(channel, prompts(options), timeouts);
        try {
            if (ssh) {
                dialogue.afterSshLogin();
            } else if (!dialogue.loginTelnet(user, password == null ? "" : password)) {
                log.debug("the switch refused user '" + user + "'");
                channel.close();
                throw new FenceException(FailReason.LOGIN_DENIED);
            }
        } catch (ApcDialogue.DialogueException e) {
            log.debug("login failed: " + e.getMessage());
            channel.close();
            throw new FenceException(FailReason.LOGIN_DENIED);
        }
        log.debug("logged in; " + (dialogue.mode() == ApcDialogue.Mode.CLI ? "AOS v5+ command line" : "menu firmware"));
        return new ApcPowerDevice(dialogue, channel, switchId(options), log);
    }

    /** --switch, or the switch part of "-n SWITCH:PLUG" (the runner passes the plug part on). */
    private static String switchId(FenceOptions options) {
        String plug = options.plug();
        int colon = plug.indexOf(':');
        if (colon > 0 && plug.substring(0, colon).matches("\\d+") && plug.substring(colon + 1).matches("\\d+")) {
            return plug.substring(0, colon);
        }
        return options.get(SWITCH).orElse(null);
    }

    private static Duration bounded(FenceOptions options, String key) {
        Duration value = options.seconds(key);
        return value.isZero() ? DISABLED_TIMEOUT_BOUND : value;
    }
}
