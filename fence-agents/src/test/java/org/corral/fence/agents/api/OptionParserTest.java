package org.corral.fence.agents.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionParserTest {
    private final OptionParser parser = new OptionParser(new FakeDriver(true).spec());

    @Test
    void stdinAcceptsBothKeyStylesCommentsQuotesAndLastValueWins() throws Exception {
        FenceOptions options = parser.parseStdinLines(List.of(
                "# a comment", "", "  action=off  ", "ip=10.0.0.1", "ipaddr=10.0.0.2", "username=admin",
                "passwd=\"sec ret\"", "plug=3", "port=4", "power_wait=1.5", "nodename=node1", "name=whatever",
                "ssh=yes"));
        assertEquals("off", options.action());
        assertEquals("10.0.0.2", options.get(CommonOptions.IPADDR).orElseThrow(), "last value wins across styles");
        assertEquals("admin", options.get(CommonOptions.LOGIN).orElseThrow());
        assertEquals("sec ret", options.get(CommonOptions.PASSWD).orElseThrow(), "quotes removed");
        assertEquals("4", options.plug());
        assertEquals(Duration.ofMillis(1500), options.seconds(CommonOptions.POWER_WAIT));
        assertEquals(List.of("Parse error: Ignoring unknown option 'name=whatever'",
                "Parse error: Ignoring unknown option 'ssh=yes'"), options.warnings(), "nodename is silent");
    }

    @Test
    void stdinBooleansAndVerbose() throws Exception {
        FenceOptions options = parser.parseStdinLines(List.of("verbose=1", "quiet=true", "quiet=off",
                "quiet=maybe"));
        assertEquals(1, options.verboseLevel());
        assertFalse(options.flag(CommonOptions.QUIET), "later 'off' clears the flag");
        assertEquals(List.of("Parse error: Ignoring option 'quiet=maybe' (not a boolean value)"), options.warnings());
    }

    @Test
    void commandLineShortClustersLongFormsAndDefaults() throws Exception {
        FenceOptions options = parser.parseArgs(new String[] {"-vvv", "-oon", "--ip=192.0.2.1", "-l", "root",
            "--password", "pw", "-n", "7", "--power-timeout", "5", "stray"});
        assertEquals(3, options.verboseLevel());
        assertEquals("on", options.action());
        assertEquals("192.0.2.1", options.get(CommonOptions.IPADDR).orElseThrow());
        assertEquals("root", options.get(CommonOptions.LOGIN).orElseThrow());
        assertEquals("7", options.plug());
        assertEquals(Duration.ofSeconds(5), options.seconds(CommonOptions.POWER_TIMEOUT));
        assertEquals(Duration.ofSeconds(1), options.seconds(CommonOptions.STONITH_STATUS_SLEEP), "default");
        assertEquals("1234", options.get(CommonOptions.IPPORT).orElseThrow(), "agent default");
        assertTrue(options.warnings().get(0).startsWith("Unused arguments on command line"));
        assertTrue(options.describe().contains("passwd=[set]"));
        assertFalse(options.describe().contains("pw "));
    }

    @Test
    void commandLineErrors() {
        assertEquals("option --frobnicate not recognized", assertThrows(OptionParser.ParseException.class,
                () -> parser.parseArgs(new String[] {"--frobnicate"})).getMessage());
        assertEquals("option -Z not recognized", assertThrows(OptionParser.ParseException.class,
                () -> parser.parseArgs(new String[] {"-Z"})).getMessage());
        assertEquals("option --ip requires argument", assertThrows(OptionParser.ParseException.class,
                () -> parser.parseArgs(new String[] {"--ip"})).getMessage());
    }

    @Test
    void typeChecks() throws Exception {
        FenceOptions options = parser.parseArgs(new String[] {"--power-wait", "soon", "--retry-on", "x", "-u", "9"});
        assertEquals(2, OptionParser.validateTypes(options).size(), OptionParser.validateTypes(options).toString());
    }
}
