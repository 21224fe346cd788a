package org.corral.cpg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.corral.cpg.core.CpgCluster.Client;
import org.corral.cpg.core.CpgCluster.Item;
import org.corral.totem.core.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Readable scenarios in {@code src/test/resources/scenarios/*.txt}: a first comment line says what
 * the file proves, then commands, then {@code ----} and the expected callbacks, one line each, in
 * the order the engines produced them. Every run is also judged by {@link CpgChecker}. Run with
 * {@code -Dcpg.rewrite=true} to rewrite the expected part from what the engines do now.
 *
 * <pre>
 * nodes N [queue Q]       connect NAME NODE       join NAME GROUP     leave NAME
 * mcast NAME              disconnect NAME          settle              deliver K
 * partition 1 2 | 3       heal                     crash NODE [K]      start NODE
 * </pre>
 * A request that does not answer OK prints its answer in the trace.
 */
class ScenarioFilesTest {
    private static final Path DIRECTORY = Path.of("src/test/resources/scenarios");
    private static final String SEPARATOR = "----";

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(DIRECTORY)) {
            files = listing.filter(p -> p.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 3, "scenario files missing in " + DIRECTORY.toAbsolutePath());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> runFile(file)));
    }

    private static void runFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int separator = lines.indexOf(SEPARATOR);
        List<String> script = separator < 0 ? lines : lines.subList(0, separator);
        assertTrue(!script.isEmpty() && script.get(0).startsWith("# "), file + " must open with '# what it proves'");
        List<String> expected = separator < 0 ? List.of() : lines.subList(separator + 1, lines.size());
        Runner runner = new Runner();
        for (String line : script) {
            runner.execute(line.strip());
        }
        List<String> actual = runner.trace();
        if (Boolean.getBoolean("cpg.rewrite")) {
            List<String> rewritten = new ArrayList<>(script);
            rewritten.add(SEPARATOR);
            rewritten.addAll(actual);
            Files.write(file, rewritten, StandardCharsets.UTF_8);
        } else {
            assertEquals(String.join("\n", expected), String.join("\n", actual), file.toString());
        }
        assertEquals(List.of(), CpgChecker.check(runner.cluster, false), file.toString());
    }

    private static final class Runner {
        private final Random random = new Random(1);
        private final Map<String, Client> clients = new LinkedHashMap<>();
        private final List<String> answers = new ArrayList<>();
        private final List<Integer> answerPositions = new ArrayList<>();
        CpgCluster cluster;

        void execute(String line) {
            if (line.isEmpty() || line.startsWith("#")) {
                return;
            }
            String[] words = line.split("\\s+");
            if (cluster == null) {
                assertEquals("nodes", words[0], "a scenario starts with 'nodes N'");
                int queue = words.length > 3 && words[2].equals("queue") ? Integer.parseInt(words[3]) : 64;
                cluster = new CpgCluster(Integer.parseInt(words[1]), queue, CpgCluster.realEngines(CpgConfig.defaults()));
                cluster.settle(random);
                cluster.timeline.clear();
                return;
            }
            switch (words[0]) {
                case "connect" -> clients.put(words[1], cluster.connect(Integer.parseInt(words[2])));
                case "join" -> answer(line, cluster.join(client(words[1]), words[2]));
                case "leave" -> answer(line, cluster.leave(client(words[1])));
                case "mcast" -> answer(line, cluster.mcast(client(words[1]), 0));
                case "disconnect" -> cluster.disconnect(client(words[1]));
                case "settle" -> cluster.settle(random);
                case "deliver" -> cluster.run(random, Integer.parseInt(words[1]));
                case "heal" -> cluster.heal();
                case "crash" -> cluster.crash(NodeId.of(Integer.parseInt(words[1])),
                        words.length > 2 ? Integer.parseInt(words[2]) : 0);
                case "start" -> cluster.start(NodeId.of(Integer.parseInt(words[1])));
                case "partition" -> cluster.partition(parsePartition(line.substring("partition".length())));
                default -> throw new AssertionError("unknown scenario command: " + line);
            }
        }

        private Client client(String name) {
            Client client = clients.get(name);
            if (client == null) {
                throw new AssertionError("no client named " + name);
            }
            return client;
        }

        private void answer(String line, CsError error) {
            if (error != CsError.OK) {
                answers.add("> " + line + ": " + error);
                answerPositions.add(cluster.timeline.size());
            }
        }

        private static List<List<Integer>> parsePartition(String text) {
            List<List<Integer>> groups = new ArrayList<>();
            for (String group : text.split("\\|")) {
                List<Integer> ids = new ArrayList<>();
                for (String id : group.strip().split("\\s+")) {
                    ids.add(Integer.parseInt(id));
                }
                groups.add(ids);
            }
            return groups;
        }

        List<String> trace() {
            List<String> lines = new ArrayList<>();
            int answer = 0;
            for (int i = 0; i <= cluster.timeline.size(); i++) {
                while (answer < answers.size() && answerPositions.get(answer) == i) {
                    lines.add(answers.get(answer++));
                }
                if (i < cluster.timeline.size()) {
                    Map.Entry<Client, Item> entry = cluster.timeline.get(i);
                    lines.add(name(entry.getKey().process()) + ": " + render(entry.getValue()));
                }
            }
            return lines;
        }

        private String render(Item item) {
            if (item instanceof CpgCluster.View view) {
                return "confchg " + view.group() + " " + names(view.members()) + " left "
                        + addresses(view.left()) + " joined " + addresses(view.joined());
            }
            if (item instanceof CpgCluster.Msg msg) {
                return "deliver " + msg.group() + " from " + name(msg.sender()) + " #" + msg.msgId();
            }
            CpgCluster.RingCallback ring = (CpgCluster.RingCallback) item;
            return "ring " + ring.ring() + " " + ring.members();
        }

        private String name(ProcessId process) {
            for (Map.Entry<String, Client> entry : clients.entrySet()) {
                if (entry.getValue().process().equals(process)) {
                    return entry.getKey() + "@" + process.node();
                }
            }
            return process.toString();
        }

        private String names(List<ProcessId> processes) {
            return processes.stream().map(this::name).collect(Collectors.joining(" ", "[", "]"));
        }

        private String addresses(List<CpgAddress> addresses) {
            return addresses.stream().map(a -> name(a.process()) + " " + a.reason())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
