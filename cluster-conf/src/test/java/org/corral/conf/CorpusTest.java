package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.corral.conf.core.Finding;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every configuration of src/test/resources/corpus against its expected verdict, the line of
 * its first expected finding and the message fragment, all listed in corpus/INDEX.
 */
class CorpusTest {
    private static final ClusterConfLoader LOADER = ClusterConfLoader.standard();

    record Case(String file, String verdict, String line, String fragment, String what) {
        @Override
        public String toString() {
            return file + " (" + verdict + ": " + what + ")";
        }
    }

    static Stream<Case> corpus() throws IOException {
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/INDEX")) {
            String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return index.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> {
                String[] fields = line.split("\t", -1);
                return new Case(fields[0], fields[1], fields[2], fields[3], fields.length > 4 ? fields[4] : "");
            }).toList().stream();
        }
    }

    static Path corpusFile(String name) {
        try {
            return Path.of(CorpusTest.class.getResource("/corpus/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("corpus file missing: " + name, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachConfigurationGetsItsVerdict(Case c) {
        Path file = corpusFile(c.file());
        LoadResult result = LOADER.loadFile(file);
        String where = file + ":" + c.line() + ":";
        switch (c.verdict()) {
            case "valid" -> {
                assertTrue(result.valid(), () -> "expected valid, got: " + describe(result));
                assertTrue(result.model().isPresent());
            }
            case "invalid" -> {
                assertTrue(result.failure().isEmpty(), () -> "expected a model, got " + describe(result));
                assertFalse(result.valid(), "expected errors, got none");
                List<String> matching = result.errors().stream().map(Finding::format)
                        .filter(line -> line.contains(c.fragment())).toList();
                assertFalse(matching.isEmpty(), () -> "no error contains \"" + c.fragment() + "\": " + describe(result));
                assertTrue(matching.stream().anyMatch(line -> line.startsWith(where)),
                        () -> "expected the error at " + where + " got " + matching);
            }
            case "malformed" -> {
                assertTrue(result.failure().isPresent(), () -> "expected a parse failure, got " + describe(result));
                String message = result.failure().get().message();
                assertTrue(message.contains(c.fragment()), () -> "message was: " + message);
                assertTrue(message.startsWith(where), () -> "expected " + where + " in: " + message);
                assertFalse(message.contains("\n"), "a failure is one line");
            }
            default -> throw new IllegalArgumentException("unknown verdict " + c.verdict() + " for " + c.file());
        }
    }

    @Test
    void theCorpusCoversAtLeastFortyConfigurationsOfEveryVerdict() throws IOException {
        List<Case> cases = corpus().toList();
        assertTrue(cases.size() >= 40, "corpus has " + cases.size() + " files");
        for (String verdict : List.of("valid", "invalid", "malformed")) {
            assertTrue(cases.stream().filter(c -> c.verdict().equals(verdict)).count() >= 8, verdict);
        }
        assertEquals(cases.size(), cases.stream().map(Case::file).distinct().count(), "each file once");
    }

    private static String describe(LoadResult result) {
        if (result.failure().isPresent()) {
            return result.failure().get().message();
        }
        return result.findings().stream().map(Finding::format).toList().toString();
    }
}
