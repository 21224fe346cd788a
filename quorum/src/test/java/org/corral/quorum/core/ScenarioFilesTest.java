package org.corral.quorum.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.corral.quorum.format.CmanStatusFormatter;
import org.corral.quorum.format.Snapshots;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Readable scenario files (src/test/resources/scenarios/*.txt): commands ("> ring 1 2 3") each
 * followed by the trace they must produce (every node's log lines, or a status excerpt). Each file
 * opens with what it proves. Run with -Dquorum.rewrite=true to rewrite the expected traces from
 * the actual ones after an intended change, then review the diff.
 *
 * <p>Commands: {@code cluster NAME nodes=N [expected=E] [two_node] [wait_for_all] [lms] [atb]
 * [version=V]}, {@code ring ID...} (a new ring of these nodes; each announces itself),
 * {@code restart ID} (the node's state is lost), {@code expected ID N}, {@code votes ID N},
 * {@code leave ID [remove]}, {@code announce ID version=V name=C id=I} (a node with another
 * configuration announces itself to the ring of node ID), {@code tick MS}, {@code status ID}
 * (the vote lines of cman_tool status).
 */
class ScenarioFilesTest {
    private static final Path DIR = Path.of("src/test/resources/scenarios");

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    private static void run(Path file) throws IOException {
        String original = Files.readString(file, StandardCharsets.UTF_8);
        StringBuilder actual = new StringBuilder();
        Runner runner = new Runner();
        for (String line : original.split("\n", -1)) {
            if (line.startsWith("#") || (line.isBlank() && actual.length() == 0)) {
                actual.append(line).append('\n');
            } else if (line.startsWith("> ")) {
                actual.append(line).append('\n');
                for (String out : runner.execute(line.substring(2).trim().split("\\s+"))) {
                    actual.append(out).append('\n');
                }
                actual.append('\n');
            }
        }
        String expected = original.endsWith("\n") ? original : original + "\n";
        String produced = actual.toString().replaceAll("\n+$", "\n");
        if (Boolean.getBoolean("quorum.rewrite") && !produced.equals(expected.replaceAll("\n+$", "\n"))) {
            Files.writeString(file, produced, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(expected.replaceAll("\n+$", "\n"), produced, file + " (rerun with -Dquorum.rewrite=true)");
    }

    /** Engines for every node; a ring delivers events to its members in one order, like totem. */
    static final class Runner {
        private QuorumConfig config;
        private final Map<Integer, QuorumEngine> engines = new TreeMap<>();
        private final Map<Integer, List<Integer>> ringOf = new TreeMap<>();
        private long generation;

        List<String> execute(String[] words) {
            List<String> out = new ArrayList<>();
            switch (words[0]) {
                case "cluster" -> cluster(words);
                case "ring" -> ring(words, out);
                case "restart" -> {
                    int id = Integer.parseInt(words[1]);
                    engines.put(id, new QuorumEngine(config, id));
                    ringOf.remove(id);
                }
                case "expected" -> toRing(Integer.parseInt(words[1]),
                        new QuorumEvent.SetExpected(Integer.parseInt(words[2])), out);
                case "votes" -> toRing(Integer.parseInt(words[1]),
                        new QuorumEvent.SetVotes(Integer.parseInt(words[1]), Integer.parseInt(words[2])), out);
                case "leave" -> toRing(Integer.parseInt(words[1]), new QuorumEvent.Leave(Integer.parseInt(words[1]),
                        words.length > 2 && words[2].equals("remove")), out);
                case "announce" -> announce(words, out);
                case "tick" -> {
                    for (int id : engines.keySet()) {
                        record(id, engines.get(id).apply(new QuorumEvent.Tick(Long.parseLong(words[1]))), out);
                    }
                }
                case "status" -> status(Integer.parseInt(words[1]), out);
                default -> throw new IllegalArgumentException("unknown scenario command " + words[0]);
            }
            return out;
        }

        private void cluster(String[] words) {
            int nodes = 3;
            OptionalInt expected = OptionalInt.empty();
            boolean twoNode = false;
            int version = 1;
            VotequorumOptions options = VotequorumOptions.NONE;
            for (int i = 2; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                switch (kv[0]) {
                    case "nodes" -> nodes = Integer.parseInt(kv[1]);
                    case "expected" -> expected = OptionalInt.of(Integer.parseInt(kv[1]));
                    case "version" -> version = Integer.parseInt(kv[1]);
                    case "two_node" -> twoNode = true;
                    case "wait_for_all" -> options = options.withWaitForAll(true);
                    case "lms" -> options = options.withLastManStanding(true, LastManStanding.WINDOW_DEFAULT_MS);
                    case "atb" -> options = options.withAutoTieBreaker(true, new AutoTieBreaker.Mode.Lowest());
                    default -> throw new IllegalArgumentException("unknown cluster option " + kv[0]);
                }
            }
            TreeMap<Integer, Integer> votes = new TreeMap<>();
            for (int id = 1; id <= nodes; id++) {
                votes.put(id, 1);
            }
            config = QuorumConfig.cman(words[1], 100, version, votes, expected, twoNode).withOptions(options);
            for (int id = 1; id <= nodes; id++) {
                engines.put(id, new QuorumEngine(config, id));
            }
        }

        private void ring(String[] words, List<String> out) {
            List<Integer> members = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                members.add(Integer.parseInt(words[i]));
            }
            members.sort(null);
            generation += 4;
            for (int id : members) {
                ringOf.put(id, members);
            }
            deliver(members, new QuorumEvent.Membership(generation, members), out);
            for (int id : members) {
                QuorumEngine engine = engines.get(id);
                int expected = engine.view().nodes().stream().filter(n -> n.nodeId() == id).findFirst()
                        .map(QuorumView.Node::expectedVotes).orElse(engine.config().expectedVotes());
                QuorumConfig own = engine.config();
                deliver(members, new QuorumEvent.NodeInfo(id, own.clusterName(), own.clusterId(), own.configVersion(),
                        own.votesOf(id), expected), out);
            }
        }

        private void announce(String[] words, List<String> out) {
            int via = Integer.parseInt(words[1]);
            List<Integer> members = ringOf.get(via);
            int newcomer = members.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            Map<String, String> kv = new TreeMap<>();
            for (int i = 2; i < words.length; i++) {
                String[] pair = words[i].split("=", 2);
                kv.put(pair[0], pair[1]);
            }
            List<Integer> bigger = new ArrayList<>(members);
            bigger.add(newcomer);
            generation += 4;
            deliver(members, new QuorumEvent.Membership(generation, bigger), out);
            deliver(members, new QuorumEvent.NodeInfo(newcomer, kv.getOrDefault("name", config.clusterName()),
                    Integer.parseInt(kv.getOrDefault("id", Integer.toString(config.clusterId()))),
                    Integer.parseInt(kv.getOrDefault("version", Integer.toString(config.configVersion()))), 1,
                    config.expectedVotes()), out);
        }

        private void toRing(int id, QuorumEvent event, List<String> out) {
            deliver(ringOf.getOrDefault(id, List.of(id)), event, out);
        }

        private void deliver(List<Integer> members, QuorumEvent event, List<String> out) {
            for (int id : members) {
                record(id, engines.get(id).apply(event), out);
            }
        }

        private static void record(int id, List<QuorumEffect> effects, List<String> out) {
            for (QuorumEffect effect : effects) {
                if (effect instanceof QuorumEffect.Log log) {
                    out.add("n" + id + ": " + log.text());
                } else if (effect instanceof QuorumEffect.RefuseNode refuse) {
                    out.add("n" + id + ": refuse node " + refuse.nodeId());
                } else if (effect instanceof QuorumEffect.CommandRejected rejected) {
                    out.add("n" + id + ": rejected: " + rejected.reason());
                }
            }
        }

        private void status(int id, List<String> out) {
            Snapshots.DaemonFacts facts = new Snapshots.DaemonFacts(config.clusterName(), config.clusterId(),
                    config.configVersion(), generation, 2, 7, List.of(0), "node" + id, List.of("239.192.0.100"),
                    List.of("10.0.0." + id));
            String text = CmanStatusFormatter.format(Snapshots.status(engines.get(id).view(), facts, Map.of()));
            boolean inside = false;
            for (String line : text.split("\n")) {
                inside |= line.startsWith("Nodes:");
                if (inside) {
                    out.add(line);
                }
                if (line.startsWith("Flags:")) {
                    break;
                }
            }
        }
    }
}
