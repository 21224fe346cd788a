package org.corral.conf.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.corral.conf.core.EffectiveConfig;
import org.corral.conf.core.Flattener;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;

/**
 * Throughput of the whole pipeline (parse, schema, rules, defaults, flatten) on one file, in one
 * JVM after warm-up, and the cost of refusing a hostile document. A program, not a test:
 *
 * <pre>
 * mvn -q -o -pl cluster-conf test-compile
 * java -cp cluster-conf/target/classes:cluster-conf/target/test-classes \
 *     org.corral.conf.bench.ValidateBenchmark tools/src/main/dist/etc/cluster/cluster.conf 2000
 * </pre>
 */
public final class ValidateBenchmark {
    private ValidateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "tools/src/main/dist/etc/cluster/cluster.conf");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        byte[] content = Files.readAllBytes(file);
        ClusterConfLoader loader = ClusterConfLoader.standard();
        long sink = 0;
        for (int i = 0; i < rounds; i++) {
            sink += run(loader, content);
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += run(loader, content);
        }
        double perFileMicros = (System.nanoTime() - start) / 1000.0 / rounds;
        StringBuilder laughs = new StringBuilder("<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">");
        for (int level = 1; level < 10; level++) {
            laughs.append("<!ENTITY a").append(level).append(" \"").append(("&a" + (level == 1 ? "" : level - 1) + ";").repeat(10))
                    .append("\">");
        }
        laughs.append("]><cluster name=\"&a9;\" config_version=\"1\"/>");
        byte[] hostile = laughs.toString().getBytes(StandardCharsets.UTF_8);
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += loader.parse("laughs.conf", hostile).failure().isPresent() ? 1 : 0;
        }
        double hostileMicros = (System.nanoTime() - start) / 1000.0 / rounds;
        System.out.printf("%s (%d bytes): %.1f us per load+validate+defaults+flatten (%d rounds)%n", file,
                content.length, perFileMicros, rounds);
        System.out.printf("billion laughs refused in %.1f us%n", hostileMicros);
        System.out.println("checksum " + sink);
    }

    private static int run(ClusterConfLoader loader, byte[] content) {
        LoadResult result = loader.parse("bench.conf", content);
        if (!result.valid()) {
            throw new IllegalStateException("the benchmark file must validate: " + result.findings());
        }
        EffectiveConfig effective = result.effective(Optional.empty()).orElseThrow();
        return Flattener.flatten(result.model().orElseThrow(), effective, Map.of()).size();
    }
}
