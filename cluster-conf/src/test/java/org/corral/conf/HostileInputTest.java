package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.corral.conf.io.AgentCatalogs;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.conf.wire.XmlLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input built to hurt: entities pointing at local files and at a listening socket, files over the
 * size limit, things that are not files. Each must end in one clear line, touch nothing and hang never.
 */
class HostileInputTest {
    private static final ClusterConfLoader LOADER = ClusterConfLoader.standard();
    private static final String SECRET = "corral-secret-6f1d2a";

    @TempDir
    Path dir;

    @Test
    void externalEntitiesNeverReadAFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET);
        String[] documents = {
            "<!DOCTYPE cluster [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n<cluster name=\"&s;\" config_version=\"1\"/>",
            "<!DOCTYPE cluster SYSTEM \"" + secret.toUri() + "\">\n<cluster name=\"a\" config_version=\"1\"/>",
            "<!DOCTYPE cluster [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]>\n<cluster name=\"a\" config_version=\"1\"/>",
            "<cluster name=\"a\" config_version=\"1\"><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                    + secret.toUri() + "\" parse=\"text\"/></cluster>",
        };
        for (String document : documents) {
            LoadResult result = LOADER.parse("hostile.conf", document.getBytes(StandardCharsets.UTF_8));
            assertTrue(result.failure().isPresent(), document);
            assertFalse(result.failure().get().message().contains(SECRET), result.failure().get().message());
            assertFalse(result.failure().get().message().contains("\n"));
        }
    }

    @Test
    void externalEntitiesNeverOpenAConnection() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.configureBlocking(false);
            String url = "http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort() + "/x";
            String[] documents = {
                "<!DOCTYPE cluster [<!ENTITY r SYSTEM \"" + url + "\">]>\n<cluster name=\"&r;\" config_version=\"1\"/>",
                "<!DOCTYPE cluster SYSTEM \"" + url + "\">\n<cluster name=\"a\" config_version=\"1\"/>",
                "<!DOCTYPE cluster [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]>\n<cluster name=\"a\" config_version=\"1\"/>",
                "<?xml-stylesheet href=\"" + url + "\"?>\n<cluster name=\"a\" config_version=\"1\"/>",
            };
            for (String document : documents) {
                LOADER.parse("hostile.conf", document.getBytes(StandardCharsets.UTF_8));
            }
            // Parsing is synchronous: a connection attempt would already sit in the accept queue.
            assertNull(server.accept(), "the parser connected to " + url);
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedWithoutReadingItAll() throws IOException {
        StringBuilder big = new StringBuilder("<cluster name=\"a\" config_version=\"1\">\n");
        while (big.length() <= XmlLimits.DEFAULT.fileSizeMax()) {
            big.append("<!-- padding padding padding padding padding padding padding padding -->\n");
        }
        big.append("</cluster>\n");
        Path file = Files.writeString(dir.resolve("big.conf"), big);
        LoadResult result = LOADER.loadFile(file);
        assertTrue(result.failure().isPresent());
        assertTrue(result.failure().get().message().contains("larger than the limit of 1048576 bytes"),
                result.failure().get().message());
        LoadResult inMemory = LOADER.parse("big.conf", big.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(inMemory.failure().get().message().contains("more than the limit"));
    }

    @Test
    void aSmallerLimitIsHonoured() {
        ClusterConfLoader tight = new ClusterConfLoader(AgentCatalogs.load(List.of()),
                new XmlLimits(100, 3, 10, 4, 20, 16));
        LoadResult deep = tight.parse("d.conf", "<cluster><a><b><c/></b></a></cluster>".getBytes(StandardCharsets.UTF_8));
        assertTrue(deep.failure().get().message().contains("deeper than 3 levels"), deep.failure().get().message());
        LoadResult many = tight.parse("m.conf", "<a><b/><b/><b/><b/><b/><b/><b/><b/><b/><b/></a>".getBytes(StandardCharsets.UTF_8));
        assertTrue(many.failure().get().message().contains("more than 10 elements"), many.failure().get().message());
    }

    @Test
    void thingsThatAreNotConfigurationFilesFailInOneLine() throws IOException {
        LoadResult missing = LOADER.loadFile(dir.resolve("nope.conf"));
        assertEquals(LoadResult.FailureKind.UNREADABLE, missing.failure().get().kind());
        assertTrue(missing.failure().get().message().endsWith("No such file or directory"));
        LoadResult directory = LOADER.loadFile(dir);
        assertTrue(directory.failure().get().message().endsWith("is not a regular file"));
        LoadResult device = LOADER.loadFile(Path.of("/dev/null"));
        assertTrue(device.failure().get().message().endsWith("is not a regular file"), "never read a device");
    }

    @Test
    void locationsPointAtTheStartTagEvenWhenItSpansLines() {
        String document = "<?xml version=\"1.0\"?>\n<cluster name=\"a\"\n   config_version=\"1\">\n"
                + "  <clusternodes>\n    <clusternode\n       name=\"n1\" nodeid=\"1\" colour=\"blue\"/>\n"
                + "  </clusternodes>\n</cluster>\n";
        LoadResult result = LOADER.parse("multi.conf", document.getBytes(StandardCharsets.UTF_8));
        assertTrue(result.errors().get(0).format().startsWith("multi.conf:5:5: element clusternode: "
                + "Relax-NG validity error : Invalid attribute colour for element clusternode"),
                result.errors().get(0).format());
    }

    @Test
    void newlinesInValuesNeverSplitAFinding() {
        String document = "<cluster name=\"a\" config_version=\"1\"><clusternodes>"
                + "<clusternode name=\"n1\" nodeid=\"1&#10;Configuration validates\"/></clusternodes></cluster>";
        LoadResult result = LOADER.parse("nl.conf", document.getBytes(StandardCharsets.UTF_8));
        String line = result.errors().get(0).format();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("Invalid value \"1\\nConfiguration validates\""), line);
    }
}
