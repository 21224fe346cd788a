package org.corral.tools.ccs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ccs_config_validate and ccs_config_dump: output lines and exit codes as RHCS's tools gave them. */
class CcsCommandsTest {
    private static final String VALID = """
            <?xml version="1.0"?>
            <cluster name="an-clusterA" config_version="8">
                    <cman expected_votes="1" two_node="1"/>
                    <clusternodes>
                            <clusternode name="an-node01.alteeve.com" nodeid="1">
                                    <fence><method name="ipmi"><device name="ipmi_an01" action="reboot"/></method></fence>
                            </clusternode>
                            <clusternode name="an-node02.alteeve.com" nodeid="2">
                                    <fence><method name="ipmi"><device name="ipmi_an02" action="reboot"/></method></fence>
                            </clusternode>
                    </clusternodes>
                    <fencedevices>
                            <fencedevice name="ipmi_an01" agent="fence_ipmilan" ipaddr="an-node01.ipmi" login="root" passwd="secret" />
                            <fencedevice name="ipmi_an02" agent="fence_ipmilan" ipaddr="an-node02.ipmi" login="root" passwd="secret" />
                    </fencedevices>
                    <fence_daemon post_join_delay="30"/>
                    <totem rrp_mode="none" secauth="off"/>
            </cluster>
            """;

    @TempDir
    Path root;
    private Path valid;
    private Path invalid;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(root.resolve("etc/cluster"));
        valid = Files.writeString(root.resolve("etc/cluster/cluster.conf"), VALID);
        invalid = Files.writeString(root.resolve("bad.conf"), VALID.replace("nodeid=\"2\"", "nodeid=\"1\"")
                .replace("<cman ", "<cman colour=\"red\" "));
    }

    private int validate(String... args) {
        return CcsConfigValidate.run(args, print(out), print(err), Map.of("CORRAL_ROOT", root.toString()));
    }

    private int dump(String... args) {
        return CcsConfigDump.run(args, print(out), print(err), Map.of("CORRAL_ROOT", root.toString()));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultFileUnderCorralRootValidates() {
        assertEquals(0, validate());
        assertEquals("Configuration validates\n", out());
        assertEquals("", err());
    }

    @Test
    void quietPrintsNothingWhenValid() {
        assertEquals(0, validate("-q", "-f", valid.toString()));
        assertEquals("", out());
    }

    @Test
    void errorsNameFileLineColumnThenFail() {
        assertEquals(3, validate("-l", invalid.toString()));
        String[] lines = out().split("\n");
        assertEquals(3, lines.length, out());
        assertTrue(lines[0].startsWith(invalid + ":3:9: element cman: Relax-NG validity error : "
                + "Invalid attribute colour for element cman -- fix: "), lines[0]);
        assertTrue(lines[1].startsWith(invalid + ":8:17: element clusternode: validity error : "
                + "Duplicate nodeid 1 for clusternodes an-node01.alteeve.com and an-node02.alteeve.com"), lines[1]);
        assertEquals("Configuration fails to validate", lines[2]);
        assertEquals(3, validate("-q", "-f", invalid.toString()), "quiet still reports errors");
    }

    @Test
    void versionChecksGive254And0() {
        assertEquals(254, validate("-f", valid.toString(), "-R", "8"));
        assertEquals("Error: Configuration version is older than running config!\n", err());
        assertEquals("", out());
        assertEquals(0, validate("-R", "7"));
        assertEquals(0, validate("-R", "0"), "0 disables the check");
    }

    @Test
    void notXmlWithDashFIsExit1AndOneLine() throws IOException {
        Path text = Files.writeString(root.resolve("text.conf"), "hello\n");
        assertEquals(1, validate("-f", text.toString()));
        assertEquals(1, out().lines().count(), out());
        assertTrue(out().startsWith(text + ":1:1: parser error : "), out());
    }

    @Test
    void unreadableConfigurationIs255() {
        assertEquals(255, validate("-l", root.resolve("missing.conf").toString()));
        assertTrue(err().endsWith("No such file or directory\nUnable to get the configuration\n"), err());
        assertFalse(err().contains("Exception"));
    }

    @Test
    void optionErrorsAre255() {
        assertEquals(255, validate("-v", "-q"));
        assertEquals("Error: invalid options. -q can not be set together with -v\n", err());
        err.reset();
        assertEquals(255, validate("-f", "a", "-l", "b"));
        assertEquals("Error: invalid options. -l can not be set together with -r or -C or -f\n", err());
        err.reset();
        assertEquals(255, validate("-x"));
        assertTrue(err().startsWith("ccs_config_validate: invalid option -- 'x'\nUsage:"), err());
        err.reset();
        assertEquals(255, validate("--help"));
        assertTrue(err().startsWith("ccs_config_validate: unrecognized option '--help'\nUsage:"), err());
        err.reset();
        assertEquals(255, validate("-f"));
        assertTrue(err().startsWith("ccs_config_validate: option requires an argument -- 'f'"), err());
        err.reset();
        assertEquals(255, validate("-R", "seven"));
        assertEquals(0, validate("-h"));
        assertTrue(out().startsWith("Usage:\n\nccs_config_validate [options]\n"));
    }

    @Test
    void verboseNarratesTheSteps() {
        assertEquals(0, validate("-v", "-R", "3"));
        assertTrue(out().contains("Config interface set to: xmlconfig:cmanpreconfig\n"), out());
        assertTrue(out().contains("Old version: 3   New version: 8\n"), out());
        assertTrue(out().endsWith("Configuration validates\nValidation completed\n"), out());
    }

    @Test
    void dumpWritesTheDefaults() {
        assertEquals(0, dump());
        String xml = out();
        assertTrue(xml.startsWith("<?xml version=\"1.0\"?>\n<cluster name=\"an-clusterA\" config_version=\"8\">\n"
                + "\t<cman expected_votes=\"1\" two_node=\"1\" cluster_id=\"29382\""), xml);
        assertTrue(xml.contains("\t<totem rrp_mode=\"none\" secauth=\"off\" token=\"10000\" join=\"60\" consensus=\"2000\""));
        assertTrue(xml.endsWith("</cluster>\n"));
    }

    @Test
    void dumpFailuresAreOneLine() throws IOException {
        assertEquals(255, dump("-f", root.resolve("missing.conf").toString()));
        assertEquals(1, err().lines().count());
        err.reset();
        Path xxe = Files.writeString(root.resolve("xxe.conf"),
                "<!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><cluster name=\"&x;\" config_version=\"1\"/>");
        assertEquals(255, dump("-f", xxe.toString()));
        assertEquals(xxe + ":1:1: parser error : DOCTYPE and entity declarations are not allowed in cluster.conf\n", err());
        assertEquals(1, dump("-z"));
    }

    @Test
    void objctlPrintsTheFlattenedViewForTheNamedNode() {
        int code = CorosyncObjctl.run(new String[] {"-n", "an-node02.alteeve.com"}, print(out), print(err),
                Map.of("CORRAL_ROOT", root.toString()));
        assertEquals(0, code, err());
        assertTrue(out().startsWith("cluster.name=an-clusterA\ncluster.config_version=8\ncluster.cman.expected_votes=1\n"
                + "cluster.cman.two_node=1\ncluster.cman.nodename=an-node02.alteeve.com\ncluster.cman.cluster_id=29382\n"), out());
        assertTrue(out().contains("\ntotem.nodeid=2\n"), out());
        assertEquals(1, CorosyncObjctl.run(new String[] {"-w", "a.b=c"}, print(out), print(err), Map.of()));
    }
}
