package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.corral.fence.agents.api.FenceRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad arguments of every kind: one clear ERROR line, exit 1, never a stack trace, no device contact. */
class FenceIpmilanArgumentsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-a 127.0.0.1 -P -C 99 -o status | unsupported cipher suite '99'",
        "-a 127.0.0.1 -P -C three -o status | unsupported cipher suite 'three'",
        "-a 127.0.0.1 -n 10.0.0.1 -o status | option -n/--plug is not recognized",
        "-a 127.0.0.1 -L god -o status | Value of --privlvl must be one of callback|user|operator|administrator",
        "-a 127.0.0.1 -m twice -o status | Value of --method must be one of onoff|cycle",
        "-a 127.0.0.1 --hexadecimal-kg zz -o status | --hexadecimal-kg must be at most 40 hexadecimal digits",
        "-a 127.0.0.1 -p 123456789012345678901 -o status | password longer than 20 bytes",
        "-a 127.0.0.1 -u 99999 -o status | invalid port 99999",
        "-a 127.0.0.1 -u many -o status | Value of --ipport must be an integer",
        "-a 127.0.0.1 --ipmitool-timeout -1 -o status | --ipmitool-timeout must be a number of seconds",
        "-o status | You have to enter fence address",
        "-a 127.0.0.1 --target 0x82 -o status | --target (bridged IPMB requests) is not supported",
        "-a 127.0.0.1 -o dance | Unrecognised action 'dance'"})
    void badArguments(String args, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FenceRunner(new FenceIpmilan(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), FenceRunner.Timing.SYSTEM).run(args.strip().split(" +"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("ERROR: ") && text.contains(message), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }
}
