package org.corral.fence.agents.sim.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Usage errors of `fence_sim apc` come back as exit code 2 at once (the simulator never starts). */
class ApcSimMainTest {
    @Test
    void badArgumentsAreRefusedWithoutStarting() {
        assertEquals(2, ApcSimMain.run(new String[] {"--firmware", "v9"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--user", "nopassword"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--outlets", "0"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--units", "2"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--name", "3"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--fail", "explode"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--port", "x"}));
        assertEquals(2, ApcSimMain.run(new String[] {"--bogus"}));
        assertEquals(0, ApcSimMain.run(new String[] {"--help"}));
    }

    @Test
    void busyPortIsAOneLineFailure() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertEquals(1, ApcSimMain.run(new String[] {"--port", Integer.toString(taken.getLocalPort())}));
        }
    }
}
