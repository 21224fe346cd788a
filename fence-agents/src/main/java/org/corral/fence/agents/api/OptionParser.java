package org.corral.fence.agents.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the two input modes of the FenceAgentAPI: the command line (any order, short clusters such
 * as {@code -vvv} or {@code -oon}, {@code --long=value} or {@code --long value}) and stdin
 * ({@code name=value} lines, used when the agent gets no arguments at all).
 */
public final class OptionParser {
    /** stdin lines read at most; a fence daemon sends about ten. */
    public static final int STDIN_LINES_MAX = 1024;
    /** Longest stdin line or argument accepted. */
    public static final int LINE_CHARS_MAX = 4096;
    /** Names the reference library knows but ignores silently on stdin. */
    private static final Set<String> IGNORED_STDIN = Set.of("nodename", "agent");

    private final AgentSpec spec;

    public OptionParser(AgentSpec spec) {
        this.spec = spec;
    }

    /** A parse error: printed as {@code ERROR:root:Parser error: <message>}, exit 1. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        public ParseException(String message) {
            super(message);
        }
    }

    /** Parses the command line. */
    public FenceOptions parseArgs(String[] args) throws ParseException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        int verboseCount = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.length() > LINE_CHARS_MAX) {
                throw new ParseException("argument longer than " + LINE_CHARS_MAX + " characters");
            }
            if (arg.equals("--")) {
                unused.addAll(List.of(args).subList(i + 1, args.length));
                break;
            } else if (arg.startsWith("--")) {
                i = parseLong(args, i, values);
                if (arg.equals("--verbose")) {
                    verboseCount++;
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                int[] result = parseShortCluster(args, i, values);
                i = result[0];
                verboseCount += result[1];
            } else {
                unused.add(arg);
            }
        }
        if (verboseCount > 0) {
            values.put(CommonOptions.VERBOSE, Integer.toString(verboseCount));
        }
        if (!unused.isEmpty()) {
            warnings.add("Unused arguments on command line: " + String.join(" ", unused));
        }
        return new FenceOptions(spec, values, warnings, false);
    }

    private int parseLong(String[] args, int index, Map<String, String> values) throws ParseException {
        String body = args[index].substring(2);
        int equals = body.indexOf('=');
        String name = equals < 0 ? body : body.substring(0, equals);
        FenceOption option = spec.options().stream().filter(o -> o.longName().equals(name)).findFirst()
                .orElseThrow(() -> new ParseException("option --" + name + " not recognized"));
        if (!option.takesValue()) {
            if (equals >= 0) {
                throw new ParseException("option --" + name + " must not have an argument");
            }
            values.put(option.key(), "1");
            return index;
        }
        if (equals >= 0) {
            values.put(option.key(), body.substring(equals + 1));
            return index;
        }
        if (index + 1 >= args.length) {
            throw new ParseException("option --" + name + " requires argument");
        }
        values.put(option.key(), args[index + 1]);
        return index + 1;
    }

    /** Returns {new index, number of -v seen}. */
    private int[] parseShortCluster(String[] args, int index, Map<String, String> values) throws ParseException {
        String cluster = args[index];
        int verbose = 0;
        for (int c = 1; c < cluster.length(); c++) {
            char letter = cluster.charAt(c);
            FenceOption option = shortOption(letter)
                    .orElseThrow(() -> new ParseException("option -" + letter + " not recognized"));
            if (!option.takesValue()) {
                if (option.key().equals(CommonOptions.VERBOSE)) {
                    verbose++;
                } else {
                    values.put(option.key(), "1");
                }
                continue;
            }
            if (c + 1 < cluster.length()) {
                values.put(option.key(), cluster.substring(c + 1));
                return new int[] {index, verbose};
            }
            if (index + 1 >= args.length) {
                throw new ParseException("option -" + letter + " requires argument");
            }
            values.put(option.key(), args[index + 1]);
            return new int[] {index + 1, verbose};
        }
        return new int[] {index, verbose};
    }

    /** The first option claiming the letter: agent options come first in the spec. */
    private Optional<FenceOption> shortOption(char letter) {
        return spec.options().stream().filter(o -> o.shortName() == letter).findFirst();
    }

    /** Parses stdin ({@code name=value} lines); reads at most {@link #STDIN_LINES_MAX} lines. */
    public FenceOptions parseStdin(InputStream in) throws ParseException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines.size() >= STDIN_LINES_MAX) {
                    throw new ParseException("more than " + STDIN_LINES_MAX + " lines on stdin");
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new ParseException("cannot read stdin: " + e.getMessage());
        }
        return parseStdinLines(lines);
    }

    /** Parses stdin lines already read. */
    public FenceOptions parseStdinLines(List<String> lines) throws ParseException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String raw : lines) {
            if (raw.length() > LINE_CHARS_MAX) {
                throw new ParseException("stdin line longer than " + LINE_CHARS_MAX + " characters");
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String name = (equals < 0 ? line : line.substring(0, equals)).strip();
            String value = equals < 0 ? "" : line.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            Optional<FenceOption> option = stdinOption(name);
            if (option.isEmpty()) {
                if (!IGNORED_STDIN.contains(name)) {
                    warnings.add("Parse error: Ignoring unknown option '" + line + "'");
                }
                continue;
            }
            storeStdin(option.get(), value, line, values, warnings);
        }
        return new FenceOptions(spec, values, warnings, true);
    }

    private Optional<FenceOption> stdinOption(String name) {
        for (FenceOption option : spec.options()) {
            if (option.key().equals(name) || option.stdinLongName().equals(name)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    private static void storeStdin(FenceOption option, String value, String line, Map<String, String> values,
                                   List<String> warnings) {
        if (option.takesValue()) {
            values.put(option.key(), value);
            return;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (Set.of("1", "yes", "on", "true").contains(lower)) {
            values.put(option.key(), "1");
        } else if (Set.of("0", "no", "off", "false").contains(lower)) {
            values.remove(option.key());
        } else {
            warnings.add("Parse error: Ignoring option '" + line + "' (not a boolean value)");
        }
    }

    /**
     * Checks the values against the option types: numbers where numbers belong, select choices.
     * Returns one message per problem, without the "Failed: " prefix.
     */
    public static List<String> validateTypes(FenceOptions options) {
        List<String> problems = new ArrayList<>();
        for (FenceOption option : options.spec().options()) {
            if (!options.isSet(option.key())) {
                continue;
            }
            String value = options.get(option.key()).orElse("");
            switch (option.type()) {
                case INTEGER -> {
                    if (!value.strip().matches("-?[0-9]{1,9}")) {
                        problems.add("Value of --" + option.longName() + " must be an integer: '" + value + "'");
                    }
                }
                case SECOND -> {
                    if (FenceOptions.parseSeconds(value).isEmpty()) {
                        problems.add("Value of --" + option.longName() + " must be a number of seconds: '"
                                + value + "'");
                    }
                }
                case SELECT -> {
                    if (!option.choices().contains(value.toLowerCase(Locale.ROOT))) {
                        problems.add("Value of --" + option.longName() + " must be one of "
                                + String.join("|", option.choices()) + ": '" + value + "'");
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }
}
