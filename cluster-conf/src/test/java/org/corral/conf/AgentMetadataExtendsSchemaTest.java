package org.corral.conf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.corral.conf.core.Finding;
import org.corral.conf.io.AgentCatalogs;
import org.corral.conf.io.ClusterConfLoader;
import org.corral.conf.io.LoadResult;
import org.corral.conf.wire.XmlLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dropping an agent's metadata file into a directory extends the schema; no code changes. */
class AgentMetadataExtendsSchemaTest {
    private static final String CONFIG = """
            <cluster name="ext" config_version="1">
              <clusternodes>
                <clusternode name="n1" nodeid="1"><fence><method name="m"><device name="sw" outlet="3"/></method></fence></clusternode>
                <clusternode name="n2" nodeid="2"><fence><method name="m"><device name="sw" outlet="4"/></method></fence></clusternode>
              </clusternodes>
              <fencedevices><fencedevice name="sw" agent="fence_acme" host="10.0.0.9" secure="on"/></fencedevices>
              <rm><service name="web"><apache name="www" config_file="/etc/httpd.conf"/></service></rm>
            </cluster>
            """;

    @TempDir
    Path dir;

    @Test
    void newFenceAndResourceAgentsComeFromMetadataFiles() throws IOException {
        ClusterConfLoader builtIn = ClusterConfLoader.standard();
        LoadResult before = builtIn.parse("ext.conf", CONFIG.getBytes(StandardCharsets.UTF_8));
        assertFalse(before.valid());
        assertTrue(before.errors().stream().map(Finding::format).anyMatch(f -> f.contains("Unknown fence agent fence_acme")));
        assertTrue(before.errors().stream().map(Finding::format).anyMatch(f -> f.contains("apache is not a known resource type")));

        Files.writeString(dir.resolve("fence_acme.metadata.xml"), """
                <?xml version="1.0" ?>
                <resource-agent name="fence_acme" shortdesc="Fence agent for the ACME switch">
                <parameters>
                  <parameter name="host" required="1"><content type="string"/></parameter>
                  <parameter name="secure"><content type="boolean"/></parameter>
                  <parameter name="outlet"><content type="integer"/></parameter>
                  <parameter name="action"><content type="string" default="reboot"/></parameter>
                </parameters>
                </resource-agent>
                """);
        Files.writeString(dir.resolve("apache.metadata.xml"), """
                <?xml version="1.0"?>
                <resource-agent name="apache" version="rgmanager 2.0">
                  <parameters>
                    <parameter name="name" primary="1" unique="1" required="1"><content type="string"/></parameter>
                    <parameter name="config_file"><content type="string" default="conf/httpd.conf"/></parameter>
                  </parameters>
                </resource-agent>
                """);
        Files.writeString(dir.resolve("broken.metadata.xml"), "<resource-agent");
        ClusterConfLoader extended = new ClusterConfLoader(AgentCatalogs.load(List.of(dir)), XmlLimits.DEFAULT);
        LoadResult after = extended.parse("ext.conf", CONFIG.getBytes(StandardCharsets.UTF_8));
        assertTrue(after.valid(), () -> after.findings().toString());
        assertTrue(after.findings().stream().map(Finding::format).anyMatch(f -> f.contains("broken.metadata.xml")
                && f.contains("agent metadata skipped")), "a broken metadata file is reported, not fatal");

        String badOutlet = CONFIG.replace("outlet=\"3\"", "outlet=\"three\"");
        LoadResult typed = extended.parse("ext.conf", badOutlet.getBytes(StandardCharsets.UTF_8));
        assertTrue(typed.errors().stream().map(Finding::format)
                .anyMatch(f -> f.contains("Invalid value \"three\" for attribute outlet of element device")));
    }
}
