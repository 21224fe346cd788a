package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.corral.conf.core.AgentMetadata;
import org.corral.conf.core.BaseSchema;
import org.corral.conf.core.ElementRule;
import org.corral.conf.io.AgentCatalogs;
import org.junit.jupiter.api.Test;

/** docs/cluster-conf.md names every element, attribute and built-in resource parameter the schema accepts. */
class DocsTest {
    @Test
    void theReferenceListsEverythingTheSchemaAccepts() throws IOException {
        String text = Files.readString(docs());
        for (ElementRule rule : BaseSchema.all()) {
            String section = "### `<" + rule.name() + ">`";
            int at = text.indexOf(section);
            assertTrue(at >= 0, "docs lack " + section);
            int end = text.indexOf("\n### ", at + section.length());
            String body = text.substring(at, end < 0 ? text.length() : end);
            for (String attribute : rule.attributes().keySet()) {
                assertTrue(body.contains("| `" + attribute + "` |"), "docs lack " + rule.name() + "@" + attribute);
            }
        }
        for (String special : BaseSchema.RESOURCE_SPECIALS.keySet()) {
            assertTrue(text.contains("| `" + special + "` |"), "docs lack " + special);
        }
        var agents = AgentCatalogs.load(java.util.List.of()).catalog();
        for (String name : agents.names(AgentMetadata.Kind.RESOURCE)) {
            assertTrue(text.contains("#### `<" + name + ">`"), "docs lack resource " + name);
            for (AgentMetadata.Parameter parameter : agents.find(name).orElseThrow().parameters()) {
                assertTrue(text.contains("| `" + parameter.name() + "`"), "docs lack " + name + "@" + parameter.name());
            }
        }
    }

    /** The repository's docs folder, found from the module or the root, whichever Maven runs in. */
    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("cluster-conf.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/cluster-conf.md not found above " + Path.of("").toAbsolutePath());
    }
}
