package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

import org.corral.conf.core.Finding;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes a configuration turns into (a cut, an inserted or replaced byte, a spliced
 * fragment), loading never throws, never hangs and answers with either one failure line or a model
 * whose findings are all one-line and located.
 */
class MutationPropertyTest {
    private static final ClusterConfLoader LOADER = ClusterConfLoader.standard();
    private static final List<byte[]> SEEDS = List.of(read("valid-rm.conf"), read("seed-v8.conf"),
            read("valid-qdisk.conf"), read("valid-rrp.conf"));
    private static final List<String> FRAGMENTS = List.of("<", ">", "/>", "\"", "&", "&amp;", "<!DOCTYPE x>",
            "<!ENTITY a \"b\">", "&a;", "<![CDATA[x]]>", "<?pi x?>", "<!--", "-->", "xmlns:x=\"u\"", "=\"\"",
            "<service name=\"s\">", "</rm>", "ref=\"x\"", "nodeid=\"-1\"", "\u00e9", "\u0000", "\uffff", "&#10;", "&#13;&#9;", "x=\"&#10;\"");

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(CorpusTest.corpusFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Mutation(int seed, int position, int kind, byte value, String fragment) {
        byte[] apply() {
            byte[] original = SEEDS.get(seed);
            int at = Math.floorMod(position, original.length);
            return switch (kind) {
                case 0 -> java.util.Arrays.copyOf(original, at);
                case 1 -> splice(original, at, at + 1, new byte[] {value});
                case 2 -> splice(original, at, at, new byte[] {value});
                default -> splice(original, at, at, fragment.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            };
        }

        private static byte[] splice(byte[] original, int from, int to, byte[] insert) {
            byte[] out = new byte[original.length - (to - from) + insert.length];
            System.arraycopy(original, 0, out, 0, from);
            System.arraycopy(insert, 0, out, from, insert.length);
            System.arraycopy(original, to, out, from + insert.length, original.length - to);
            return out;
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, SEEDS.size() - 1),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(0, 3),
                Arbitraries.bytes(), Arbitraries.of(FRAGMENTS)).as(Mutation::new);
    }

    @Property(tries = 400, seed = "20261122")
    void anyMutationGivesOneLineAnswers(@ForAll("mutations") Mutation mutation) {
        LoadResult result = LOADER.parse("mutated.conf", mutation.apply());
        assertNotEquals(result.failure().isPresent(), result.model().isPresent());
        if (result.failure().isPresent()) {
            String message = result.failure().get().message();
            assertTrue(message.startsWith("mutated.conf"), message);
            assertFalse(message.contains("\n"), message);
            assertFalse(message.contains("Exception"), message);
        }
        for (Finding finding : result.findings()) {
            assertFalse(finding.format().contains("\n"), finding.format());
            assertTrue(finding.location().line() > 0, finding.format());
        }
    }
}
