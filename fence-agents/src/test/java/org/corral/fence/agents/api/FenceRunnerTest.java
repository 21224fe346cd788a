package org.corral.fence.agents.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's actions, outputs and exit codes against a fake device; time is simulated. */
class FenceRunnerTest {
    /** Simulated clock: sleeping advances it. */
    static final class FakeTiming implements FenceRunner.Timing {
        long nanos;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos += duration.toNanos();
        }
    }

    record Result(int code, String out, String err) {
    }

    final FakeTiming timing = new FakeTiming();

    Result run(FenceDriver driver, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FenceRunner(driver, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), timing).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final String[] BASE = {"-a", "192.0.2.1", "-l", "admin", "-p", "secret", "-n", "1"};

    static String[] args(String... extra) {
        String[] all = new String[BASE.length + extra.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(extra, 0, all, BASE.length, extra.length);
        return all;
    }

    @Test
    void statusOnIsZeroAndOffIsTwo() {
        FakeDriver driver = new FakeDriver(true);
        Result on = run(driver, "", args("-o", "status"));
        assertEquals(new Result(0, "Status: ON\n", ""), on);
        driver.state = PowerState.OFF;
        Result off = run(driver, "", args("-o", "status"));
        assertEquals(2, off.code());
        assertEquals("Status: OFF\n", off.out());
    }

    @Test
    void offPollsUntilTheDeviceConfirms() {
        FakeDriver driver = new FakeDriver(true);
        driver.lagPolls = 3;
        Result result = run(driver, "", args("-o", "off", "--power-wait", "2"));
        assertEquals(new Result(0, "Success: Powered OFF\n", ""), result);
        assertEquals(Duration.ofSeconds(2), timing.sleeps.get(0), "power-wait first");
        assertEquals(List.of("connect", "status 1", "off 1", "status 1", "status 1", "status 1", "status 1", "close"),
                driver.calls);
    }

    @Test
    void alreadyOffAndAlreadyOn() {
        FakeDriver driver = new FakeDriver(true);
        assertEquals("Success: Already ON\n", run(driver, "", args("-o", "on")).out());
        driver.state = PowerState.OFF;
        assertEquals("Success: Already OFF\n", run(driver, "", args("-o", "off")).out());
    }

    @Test
    void stuckDeviceTimesOutWithinPowerTimeout() {
        FakeDriver driver = new FakeDriver(true);
        driver.stuck = true;
        Result result = run(driver, "", args("-o", "off", "--power-timeout", "5"));
        assertEquals(1, result.code());
        assertEquals("", result.out());
        assertTrue(result.err().matches("(?s)\\d{4}-\\d\\d-\\d\\d [0-9:,]+ ERROR: Failed: Timed out waiting to power OFF\n"),
                result.err());
        assertTrue(timing.nanos <= Duration.ofSeconds(7).toNanos(), "bounded by power-timeout: " + timing.nanos);
    }

    @Test
    void disabledTimeoutStillHasABound() {
        FakeDriver driver = new FakeDriver(true);
        driver.stuck = true;
        Result result = run(driver, "", args("-o", "off", "--power-timeout", "5", "--disable-timeout", "true"));
        assertEquals(1, result.code());
        assertTrue(timing.nanos >= FenceOptions.DISABLED_TIMEOUT_BOUND.toNanos(), "waited past power-timeout");
        assertTrue(timing.nanos <= FenceOptions.DISABLED_TIMEOUT_BOUND.plusSeconds(3).toNanos(), "but not forever");
    }

    @Test
    void onIsRetriedRetryOnTimes() {
        FakeDriver driver = new FakeDriver(true);
        driver.state = PowerState.OFF;
        driver.stuck = true;
        Result result = run(driver, "", args("-o", "on", "--retry-on", "3", "--power-timeout", "1"));
        assertEquals(1, result.code());
        assertTrue(result.err().contains("ERROR: Failed: Timed out waiting to power ON"), result.err());
        assertEquals(3, driver.calls.stream().filter(c -> c.startsWith("on ")).count());
    }

    @Test
    void rebootIsOffThenOnAndDelayComesFirst() {
        FakeDriver driver = new FakeDriver(true);
        Result result = run(driver, "", args("-o", "reboot", "--delay", "4"));
        assertEquals(new Result(0, "Success: Rebooted\n", ""), result);
        assertEquals(Duration.ofSeconds(4), timing.sleeps.get(0));
        assertEquals(List.of("connect", "status 1", "off 1", "status 1", "on 1", "status 1", "close"), driver.calls);
    }

    @Test
    void stdinModeWithOldKeys() {
        FakeDriver driver = new FakeDriver(true);
        Result result = run(driver, "action=status\nipaddr=192.0.2.1\nlogin=a\npasswd=b\nport=2\nnodename=n1\n");
        assertEquals(new Result(0, "Status: ON\n", ""), result);
        assertEquals("2", driver.lastOptions.plug());
    }

    @Test
    void unknownStdinKeyIsWarnedAndDefaultActionIsReboot() {
        FakeDriver driver = new FakeDriver(true);
        Result result = run(driver, "option=on\nipaddr=192.0.2.1\nport=1\n");
        assertEquals(0, result.code());
        assertEquals("Success: Rebooted\n", result.out());
        assertEquals("WARNING:root:Parse error: Ignoring unknown option 'option=on'\n", result.err());
    }

    @Test
    void listAndListStatus() {
        FakeDriver driver = new FakeDriver(true);
        assertEquals("1,node1\n2,node2\n3,spare\n", run(driver, "", "-a", "h", "-o", "list").out());
        assertEquals("1:node1:ON\n2:node2:Off\n3:spare:UNKNOWN\n",
                run(driver, "", "-a", "h", "-o", "list-status", "-C", ":").out());
        assertEquals("NOTICE: List option is not working on this device yet\n",
                run(new FakeDriver(false), "", "-a", "h", "-o", "list").out());
    }

    @Test
    void monitorIsZeroEvenWhenOffAndOneWhenUnreachable() {
        FakeDriver driver = new FakeDriver(false);
        driver.state = PowerState.OFF;
        assertEquals(new Result(0, "", ""), run(driver, "", "-a", "h", "-o", "monitor"));
        driver.unreachable = true;
        Result result = run(driver, "", "-a", "h", "-o", "monitor");
        assertEquals(1, result.code());
        assertTrue(result.err().endsWith("ERROR: Unable to connect/login to fencing device\n"), result.err());
    }

    @Test
    void badArgumentsAndUnknownActions() {
        FakeDriver driver = new FakeDriver(true);
        Result action = run(driver, "", args("-o", "frobnicate"));
        assertEquals(1, action.code());
        assertTrue(action.err().contains("ERROR: Failed: Unrecognised action 'frobnicate'"), action.err());
        assertTrue(action.err().contains("ERROR: Please use '-h' for usage"), action.err());
        Result parse = run(driver, "", "--bogus");
        assertEquals(new Result(1, "", "ERROR:root:Parser error: option --bogus not recognized\n"
                + "ERROR:root:Please use '-h' for usage\n"), parse);
        Result noPlug = run(driver, "", "-a", "h", "-o", "off");
        assertEquals(1, noPlug.code());
        assertTrue(noPlug.err().contains("Failed: You have to enter plug number or machine identification"));
        assertFalse(driver.calls.contains("off "), "nothing was switched");
    }

    @Test
    void validateAll() {
        FakeDriver driver = new FakeDriver(true);
        assertEquals(new Result(0, "", ""), run(driver, "", args("-o", "validate-all")));
        Result bad = run(driver, "", "-o", "validate-all", "--power-wait", "x");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("ERROR: Failed: You have to enter fence address"), bad.err());
        assertTrue(bad.err().contains("ERROR: validate-all failed"), bad.err());
        assertFalse(driver.calls.contains("connect"), "validate-all never contacts the device");
    }

    @Test
    void passwordNeverPrintedEvenAtVerboseThree() {
        FakeDriver driver = new FakeDriver(true);
        Result result = run(driver, "", args("-o", "status", "-vvv"));
        assertEquals(0, result.code());
        assertTrue(result.err().contains("passwd=[set]"), result.err());
        assertFalse(result.err().contains("secret"), result.err());
    }

    @Test
    void passwordScriptOutputBecomesThePassword() {
        FakeDriver driver = new FakeDriver(true);
        Result result = run(driver, "", "-a", "h", "-n", "1", "-S", "echo 'from script  '", "-o", "status");
        assertEquals(0, result.code(), result.err());
        assertEquals("from script", driver.lastOptions.get(CommonOptions.PASSWD).orElseThrow());
    }

    @Test
    void helpVersionAndMetadata() throws Exception {
        FakeDriver driver = new FakeDriver(true);
        assertTrue(run(driver, "", "-h").out().startsWith("Usage:\n\tfence_fake [options]\nOptions:\n"));
        assertEquals("4.12.1\n", run(driver, "", "-V").out());
        String xml = run(driver, "", "-o", "metadata").out();
        assertTrue(xml.contains("<parameter name=\"ipaddr\" unique=\"0\" required=\"0\" deprecated=\"1\">"), xml);
        assertTrue(xml.contains("<parameter name=\"ip\" unique=\"0\" required=\"0\" obsoletes=\"ipaddr\">"), xml);
        assertTrue(xml.contains("<action name=\"list-status\" />"), xml);
        assertEquals(xml, run(driver, "", "-o", "manpage").out());
        assertEquals(xml, run(driver, "", "-o", "meta-data").out());
        javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(FenceRunnerTest.class.getResource("/fence-agent-api/metadata.xsd")).newValidator()
                .validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml)));
    }
}
