package org.corral.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.corral.sim.totem.RealTotemNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scripted scenario in src/test/resources/scenarios over the real totem processor and
 * compares its trace with the expected one. {@code -Dsim.rewrite=true} writes the actual traces
 * back into the files; {@code -Dsim.scenario=NAME} runs one file.
 */
class ScenarioFilesTest {
    static final Path DIRECTORY = Path.of("src", "test", "resources", "scenarios");

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        String only = System.getProperty("sim.scenario", "");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(DIRECTORY)) {
            listing.filter(p -> p.toString().endsWith(".txt")).sorted().forEach(files::add);
        }
        return files.stream()
                .filter(p -> only.isEmpty() || p.getFileName().toString().equals(only + ".txt"))
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> runFile(p)));
    }

    private static void runFile(Path file) throws IOException {
        Assumptions.assumeTrue(RealTotemNode.available(), "the totem processor is still the contract stub");
        ScenarioScript script = ScenarioScript.parse(Files.readString(file, StandardCharsets.UTF_8));
        String name = file.getFileName().toString().replace(".txt", "");
        List<String> actual;
        try {
            actual = script.run(RealTotemNode.factory());
        } catch (SimulationFailure failure) {
            fail(failure.getMessage() + "\nreplay: mvn -B -o -pl property-tests test -Dtest=ScenarioFilesTest -Dsim.scenario="
                    + name, failure);
            return;
        }
        if (Boolean.getBoolean("sim.rewrite")) {
            Files.writeString(file, script.rewritten(actual), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(String.join("\n", script.expected()), String.join("\n", actual),
                name + ": the trace changed; if the change is intended, run with -Dsim.rewrite=true and review the diff");
    }
}
