package org.corral.tools.ccs;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX getopt(3) as the RHCS tools used it: clustered flags ({@code -qv}), arguments attached
 * ({@code -ffile}) or separate ({@code -f file}), {@code --} ends options. Kept tiny and exact so
 * that error behaviour matches the shell and C originals.
 */
final class Getopt {
    public static final int ARGUMENTS_MAX = 256;

    /** One parsed option, with its argument when the spec gives it one. */
    record Option(char name, String argument) {
    }

    /** The parse failed; {@code message} is getopt's own wording. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    record Parsed(List<Option> options, List<String> operands) {
    }

    private Getopt() {
    }

    /** @param spec getopt's option string, e.g. {@code "hVvqf:l:R:"} */
    static Parsed parse(String program, String spec, String[] args) throws Failure {
        if (args.length > ARGUMENTS_MAX) {
            throw new Failure(program + ": too many arguments");
        }
        List<Option> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (arg.startsWith("--")) {
                throw new Failure(program + ": unrecognized option '" + arg + "'");
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                operands.add(arg);
                i++;
                continue;
            }
            int j = 1;
            while (j < arg.length()) {
                char name = arg.charAt(j);
                int at = spec.indexOf(name);
                if (at < 0 || name == ':') {
                    throw new Failure(program + ": invalid option -- '" + name + "'");
                }
                boolean takesArgument = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
                if (!takesArgument) {
                    options.add(new Option(name, null));
                    j++;
                    continue;
                }
                if (j + 1 < arg.length()) {
                    options.add(new Option(name, arg.substring(j + 1)));
                } else if (i + 1 < args.length) {
                    options.add(new Option(name, args[++i]));
                } else {
                    throw new Failure(program + ": option requires an argument -- '" + name + "'");
                }
                break;
            }
            i++;
        }
        while (i < args.length) {
            operands.add(args[i++]);
        }
        return new Parsed(options, operands);
    }
}
