package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.EffectiveConfig.Votequorum;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.junit.jupiter.api.Test;

/** The Corral extensions: votequorum's options on cman and the uidgid elements, as the engines read them. */
class VotequorumAndUidgidTest {
    private static final ClusterConfLoader LOADER = ClusterConfLoader.standard();

    private static EffectiveConfig effective(String corpusFile) {
        LoadResult result = LOADER.loadFile(CorpusTest.corpusFile(corpusFile));
        assertTrue(result.valid(), () -> corpusFile + " should validate: " + result.findings());
        return result.effective(Optional.of("node1")).orElseThrow();
    }

    @Test
    void everyOptionIsReadFromCman() {
        Votequorum options = effective("valid-votequorum.conf").votequorum();
        assertEquals(new Votequorum(true, true, 20_000, true, "3 1"), options);
    }

    @Test
    void withoutTheOptionsTheyAreOffAsInCman() {
        EffectiveConfig effective = effective("seed-v8.conf");
        assertEquals(Votequorum.none(), effective.votequorum());
        assertEquals(10_000, effective.votequorum().lastManStandingWindowMs());
    }

    @Test
    void uidgidGroupsAreTheGidsInFileOrder() {
        assertEquals(List.of("haclient", "189"), effective("valid-votequorum.conf").uidgidGroups());
        assertEquals(List.of(), effective("seed-v8.conf").uidgidGroups());
    }
}
