package org.corral.quorum.qdisk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * qdiskd's start-up configuration (cluster 3 {@code cman/qdisk/main.c get_config_data}, defaults
 * as reference/rhcs.md section 3 gives them): applies the defaults and corrections qdiskd applies,
 * and refuses to start where qdiskd refuses. Pure: attributes in, a sealed result out.
 *
 * <p>Deviation: qdiskd reads numbers with atoi(), so "abc" silently became 0; here a value that is
 * not a whole number is refused with a one-line message naming the attribute.
 */
public final class QdiskConfigResolver {
    /** totem's token timeout cman uses when cluster.conf sets none. */
    public static final int TOKEN_DEFAULT_MS = 10_000;
    /** qdiskd refuses a shorter token. */
    public static final int TOKEN_MIN_MS = 10_000;

    private QdiskConfigResolver() {}

    /** The resolver's verdict. {@code logs} are the lines qdiskd would log while configuring. */
    public sealed interface Result {
        record Resolved(QdiskConfig config, List<String> logs) implements Result {}

        record Refused(String message) implements Result {}
    }

    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param quorumd the {@code <quorumd>} attributes
     * @param heuristics each {@code <heuristic>}'s attributes, in document order
     * @param tokenMs {@code <totem token>}, or {@link #TOKEN_DEFAULT_MS}
     * @param nodeVotes the votes of every {@code <clusternode>}
     */
    public static Result resolve(Map<String, String> quorumd, List<Map<String, String>> heuristics, int tokenMs,
            List<Integer> nodeVotes) {
        try {
            return resolveOrRefuse(quorumd, heuristics, tokenMs, nodeVotes);
        } catch (Refusal refusal) {
            return new Result.Refused(refusal.getMessage());
        }
    }

    private static Result resolveOrRefuse(Map<String, String> q, List<Map<String, String>> heuristicAttributes,
            int tokenMs, List<Integer> nodeVotes) throws Refusal {
        List<String> logs = new ArrayList<>();
        if (tokenMs < TOKEN_MIN_MS) {
            throw new Refusal("Token timeout " + tokenMs + " is too fast to use with qdiskd!");
        }
        int interval = Math.max(1, integer(q, "interval", 1));
        int tko = q.containsKey("tko") ? integer(q, "tko", 0) : (tokenMs / 1000 - interval) / 2;
        if (tko < 1) {
            throw new Refusal("Quorum disk timings are too slow for configured token timeout");
        }
        if (tko < 4) {
            logs.add("tko (" + tko + ") is low; nodes may be evicted after a short I/O stall");
        }
        int tkoUp = Math.max(2, integer(q, "tko_up", tko / 3));
        int upgradeWait = Math.max(1, integer(q, "upgrade_wait", 2));
        int masterWait = integer(q, "master_wait", tko / 2);
        if (masterWait <= tkoUp) {
            masterWait = tkoUp + 1;
        }
        if ((long) interval * (tko + masterWait + upgradeWait) * 1000 >= tokenMs) {
            throw new Refusal("Quorum disk timings are too slow for configured token timeout");
        }
        List<HeuristicConfig> heuristics = heuristics(heuristicAttributes, interval, tko, logs);
        boolean autoVotes = !q.containsKey("votes");
        int votes = autoVotes ? autoVotes(nodeVotes) : Math.max(0, integer(q, "votes", 0));
        boolean masterWins = flag(q, "master_wins", false);
        if (masterWins && (!heuristics.isEmpty() || nodeVotes.size() > 2)) {
            logs.add("master_wins is only for two-node clusters without heuristics; disabling it");
            masterWins = false;
        } else if (!q.containsKey("master_wins") && nodeVotes.size() == 2 && heuristics.isEmpty() && autoVotes) {
            logs.add("Enabling master-wins mode for simple two-node cluster");
            masterWins = true;
        }
        String label = blankToNull(q.get("label"));
        String device = blankToNull(q.get("device"));
        if (label == null && device == null) {
            throw new Refusal("No quorum disk device or label specified in <quorumd>");
        }
        String scheduler = q.getOrDefault("scheduler", "rr");
        if (scheduler.isEmpty() || "rRfFoO".indexOf(scheduler.charAt(0)) < 0) {
            logs.add("Invalid scheduling queue '" + scheduler + "'");
            scheduler = "rr";
        }
        for (String deprecated : List.of("log_facility", "log_level")) {
            if (q.containsKey(deprecated)) {
                logs.add("Use of quorumd/@" + deprecated + " is deprecated!");
            }
        }
        QdiskConfig config = new QdiskConfig(interval, tko, tkoUp, upgradeWait, masterWait, votes,
                Math.max(0, integer(q, "min_score", 0)), label, device, masterWins, flag(q, "allow_kill", true),
                flag(q, "reboot", true), flag(q, "paranoid", false), Math.max(0, integer(q, "io_timeout", 0)),
                Math.max(0, integer(q, "max_error_cycles", 0)), flag(q, "stop_cman", false),
                flag(q, "use_uptime", true), scheduler, integer(q, "priority", 1), blankToNull(q.get("cman_label")),
                blankToNull(q.get("status_file")), heuristics);
        if (config.scoreMax() < config.minScore()) {
            logs.add("Minimum score (" + config.minScore() + ") is impossible to achieve (heuristic total = "
                    + config.scoreMax() + ")");
        }
        return new Result.Resolved(config, logs);
    }

    /** votes unset: one less than the node count, and every node must have exactly one vote. */
    private static int autoVotes(List<Integer> nodeVotes) throws Refusal {
        for (int votes : nodeVotes) {
            if (votes != 1) {
                throw new Refusal("Set all node vote counts to 1 or specify qdiskd's votes");
            }
        }
        return Math.max(0, nodeVotes.size() - 1);
    }

    private static List<HeuristicConfig> heuristics(List<Map<String, String>> attributes, int interval, int tko,
            List<String> logs) throws Refusal {
        List<HeuristicConfig> list = new ArrayList<>();
        int absoluteMax = interval * (tko - 1);
        for (Map<String, String> h : attributes) {
            if (list.size() == QdiskConfig.HEURISTICS_MAX) {
                logs.add("Only " + QdiskConfig.HEURISTICS_MAX + " heuristics are supported; ignoring the rest");
                break;
            }
            String program = blankToNull(h.get("program"));
            if (program == null) {
                throw new Refusal("Heuristic " + (list.size() + 1) + " has no program");
            }
            int score = Math.max(1, integer(h, "score", 1));
            int hInterval;
            int hTko;
            if (h.containsKey("interval")) {
                hInterval = integer(h, "interval", 2);
                hInterval = hInterval <= 0 ? 2 : hInterval;
            } else {
                hInterval = autoInterval(absoluteMax);
            }
            if (h.containsKey("tko")) {
                hTko = integer(h, "tko", 1);
                hTko = hTko <= 0 ? 1 : hTko;
            } else {
                hTko = Math.max(1, absoluteMax / hInterval);
            }
            if (program.length() > HeuristicConfig.PROGRAM_LENGTH_MAX) {
                throw new Refusal("Heuristic program longer than " + HeuristicConfig.PROGRAM_LENGTH_MAX + " characters");
            }
            list.add(new HeuristicConfig(program, score, hInterval, hTko));
        }
        return list;
    }

    /** The heuristic interval qdiskd derives from how long a heuristic may take to fail. */
    static int autoInterval(int absoluteMax) {
        if (absoluteMax <= 4) {
            return 1;
        }
        if (absoluteMax <= 22) {
            return 2;
        }
        if (absoluteMax <= 39) {
            return 3;
        }
        if (absoluteMax <= 50) {
            return 4;
        }
        return 5;
    }

    private static int integer(Map<String, String> attributes, String name, int fallback) throws Refusal {
        String value = attributes.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Refusal("quorumd attribute " + name + "=\"" + value + "\" is not a whole number");
        }
    }

    /** qdiskd's flags: "0" is off, any other number on. */
    private static boolean flag(Map<String, String> attributes, String name, boolean fallback) throws Refusal {
        return attributes.containsKey(name) ? integer(attributes, name, 0) != 0 : fallback;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
