package org.corral.fence.agents.sim.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.corral.fence.agents.sim.FenceSim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpmiSimMainTest {

    @Test
    void parsesTheDocumentedCommandLine() throws Exception {
        IpmiSimMain.Settings settings = IpmiSimMain.parse(new String[] {"--listen", "127.0.0.1:6230", "--user", "admin",
            "--password", "secret", "--user", "op", "--password", "pw2", "--on-power-off", "kill -9 1234",
            "--power", "off", "--cipher-suites", "3,17", "--fault", "lie", "--no-lan15"});
        assertEquals(6230, settings.listen().getPort());
        assertEquals(Map.of("admin", "secret", "op", "pw2"), settings.users());
        assertEquals("kill -9 1234", settings.onPowerOff());
        assertFalse(settings.powerOn());
        assertEquals(List.of(3, 17), List.copyOf(settings.suites()));
        assertEquals(BmcFault.LIE, settings.fault());
        assertFalse(settings.lan15());
        assertEquals(Map.of("admin", "x"), IpmiSimMain.parse(new String[] {"--password", "x"}).users(),
                "user defaults to admin");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--listen nowhere | --listen takes HOST:PORT",
        "--listen 127.0.0.1:70000 | port out of range",
        "--user a | --password is required",
        "--password x --cipher-suites 4 | unsupported cipher suite 4",
        "--password x --fault explode | unknown fault 'explode'",
        "--password x --power maybe | --power takes on or off",
        "--password x --bogus 1 | unknown option --bogus",
        "--password x --seed | needs a value",
        "--password 123456789012345678901 | password longer than 20 bytes"})
    void badOptionsGiveOneLine(String args, String message) {
        IpmiSimMain.UsageException error = assertThrows(IpmiSimMain.UsageException.class,
                () -> IpmiSimMain.parse(args.strip().split(" +")));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void launcherDispatchesOnTheFirstArgument() {
        assertEquals(1, FenceSim.run(new String[0]));
        assertEquals(1, FenceSim.run(new String[] {"toaster"}));
        assertEquals(0, FenceSim.run(new String[] {"ipmi", "--help"}));
        assertEquals(1, FenceSim.run(new String[] {"ipmi", "--listen", "bad"}));
    }
}
