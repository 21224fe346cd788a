package org.corral.fence.agents.api;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one agent invocation the FenceAgentAPI way: parse (command line, or stdin when there are no
 * arguments), validate, connect, perform the action with power-wait/power-timeout polling, print the
 * reference output lines and return the exit code (0 ok, 1 any failure, 2 status OFF).
 *
 * <p>Clock and sleep come in through {@link Timing} so tests run without waiting.
 * Every exception is turned into one {@code ERROR:} line: no stack trace reaches the user.
 */
public final class FenceRunner {
    /** The version the reference agents print for -V; our interface follows that release. */
    public static final String VERSION = "4.12.1";
    /** Upper bound for a password script run. */
    public static final Duration PASSWORD_SCRIPT_TIMEOUT = Duration.ofSeconds(20);

    /** Time as the runner sees it. */
    public interface Timing {
        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;

        Timing SYSTEM = new Timing() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                if (!duration.isZero() && !duration.isNegative()) {
                    Thread.sleep(duration.toMillis());
                }
            }
        };
    }

    private final FenceDriver driver;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Timing timing;

    public FenceRunner(FenceDriver driver, InputStream in, PrintStream out, PrintStream err,
                       Map<String, String> env, Timing timing) {
        this.driver = driver;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.timing = timing;
    }

    /** The body of an agent's main: runs with the process streams and exits with the code. */
    public static void main(FenceDriver driver, String[] args) {
        int code;
        try {
            code = new FenceRunner(driver, System.in, System.out, System.err, System.getenv(), Timing.SYSTEM)
                    .run(args);
        } catch (RuntimeException | Error e) {
            System.err.println("ERROR: Failed: internal error: " + e);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    /** Runs the agent; returns the exit status. */
    public int run(String[] args) {
        AgentSpec spec = driver.spec();
        OptionParser parser = new OptionParser(spec);
        FenceOptions options;
        try {
            options = args.length == 0 ? parser.parseStdin(in) : parser.parseArgs(args);
        } catch (OptionParser.ParseException e) {
            err.println("ERROR:root:Parser error: " + e.getMessage());
            err.println("ERROR:root:Please use '-h' for usage");
            return 1;
        }
        for (String warning : options.warnings()) {
            err.println("WARNING:root:" + warning);
        }
        if (!options.isSet(CommonOptions.DISABLE_TIMEOUT) && "pacemaker-fenced".equals(env.get("PCMK_service"))) {
            options = options.with(CommonOptions.DISABLE_TIMEOUT, "true");
        }
        AgentLog log = new AgentLog(err, options.verboseLevel(), options.flag(CommonOptions.QUIET));
        options.get(CommonOptions.DEBUG).ifPresent(file -> log.openDebugFile(Path.of(file)));
        try {
            return runParsed(options, log);
        } catch (RuntimeException e) {
            log.error("Failed: internal error: " + e);
            return 1;
        } finally {
            log.close();
        }
    }

    private int runParsed(FenceOptions parsed, AgentLog log) {
        AgentSpec spec = driver.spec();
        if (parsed.flag(CommonOptions.HELP)) {
            out.print(HelpText.render(spec));
            return 0;
        }
        if (parsed.flag(CommonOptions.VERSION)) {
            out.println(VERSION);
            return 0;
        }
        String action = parsed.action().equals("meta-data") ? "metadata" : parsed.action();
        if (!acceptedActions(spec).contains(action)) {
            log.error("Failed: Unrecognised action '" + parsed.action() + "'");
            log.error("Please use '-h' for usage");
            return 1;
        }
        if (action.equals("metadata") || action.equals("manpage")) {
            out.print(MetadataXml.render(spec));
            return 0;
        }
        log.debug("Options: " + parsed.describe());
        FenceOptions options = applyPortAsIp(parsed);
        List<String> problems = problems(options, action);
        if (action.equals("validate-all")) {
            problems.forEach(p -> log.error(p));
            if (!problems.isEmpty()) {
                log.error("validate-all failed");
                return 1;
            }
            return 0;
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> log.error(p));
            log.error("Please use '-h' for usage");
            return 1;
        }
        try {
            options = resolvePassword(options);
            return act(action, options, log);
        } catch (FenceException e) {
            log.error(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("Failed: interrupted");
            return 1;
        }
    }

    /** Every action the agent accepts, in help order: list and list-status even without plugs (NOTICE). */
    static List<String> acceptedActions(AgentSpec spec) {
        List<String> accepted = new ArrayList<>(List.of("on", "off", "reboot", "status", "list", "list-status",
                "monitor", "metadata", "manpage", "validate-all"));
        accepted.addAll(spec.extraActions());
        return accepted;
    }

    private static FenceOptions applyPortAsIp(FenceOptions options) {
        if (options.flag(CommonOptions.PORT_AS_IP) && options.isSet(CommonOptions.PORT)) {
            return options.with(CommonOptions.IPADDR, options.plug());
        }
        return options;
    }

    /** Every argument problem, each a full message line. */
    private List<String> problems(FenceOptions options, String action) {
        AgentSpec spec = options.spec();
        List<String> problems = new ArrayList<>();
        for (String typeProblem : OptionParser.validateTypes(options)) {
            problems.add("Failed: " + typeProblem);
        }
        if (spec.hasOption(CommonOptions.IPADDR) && !options.isSet(CommonOptions.IPADDR)) {
            problems.add("Failed: You have to enter fence address");
        }
        if (spec.option(CommonOptions.LOGIN).map(FenceOption::required).orElse(false)
                && !options.isSet(CommonOptions.LOGIN)) {
            problems.add("Failed: You have to set login name");
        }
        boolean needsPlug = spec.multiPort() && !List.of("list", "list-status", "monitor").contains(action);
        if (needsPlug && options.plug().isEmpty()) {
            problems.add("Failed: You have to enter plug number or machine identification");
        }
        problems.addAll(driver.validate(options));
        return problems;
    }

    private static FenceOptions resolvePassword(FenceOptions options) throws FenceException {
        if (options.isSet(CommonOptions.PASSWD_SCRIPT) && !options.isSet(CommonOptions.PASSWD)) {
            String script = options.get(CommonOptions.PASSWD_SCRIPT).orElse("");
            return options.with(CommonOptions.PASSWD, PasswordScript.run(script, PASSWORD_SCRIPT_TIMEOUT));
        }
        return options;
    }

    private int act(String action, FenceOptions options, AgentLog log) throws FenceException, InterruptedException {
        if (action.equals("off") || action.equals("reboot")) {
            Duration delay = options.seconds(CommonOptions.DELAY);
            if (!delay.isZero()) {
                log.info("Delay " + delay.toMillis() / 1000.0 + " second(s) before logging in to the fence device");
                timing.sleep(delay);
            }
        }
        try (PowerDevice device = driver.connect(options, log)) {
            PowerActions actions = new PowerActions(device, options, log, timing, out);
            return switch (action) {
                case "on" -> actions.on();
                case "off" -> actions.off();
                case "reboot" -> driver.rebootByCycle(options) ? actions.rebootByCycle() : actions.reboot();
                case "status" -> actions.status();
                case "monitor" -> actions.monitor();
                case "list" -> actions.list(false);
                case "list-status" -> actions.list(true);
                default -> driver.extraAction(action, options, device, log, out);
            };
        }
    }
}
