package org.corral.fence.agents.api;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The power actions on a connected device, with the reference library's semantics: status first,
 * "Already ON/OFF" when nothing is to do, otherwise set, wait --power-wait, then poll every
 * --stonith-status-sleep until --power-timeout. Returns exit codes; failures are exceptions.
 */
final class PowerActions {
    private final PowerDevice device;
    private final FenceOptions options;
    private final AgentLog log;
    private final FenceRunner.Timing timing;
    private final PrintStream out;
    private final List<String> plugs;

    PowerActions(PowerDevice device, FenceOptions options, AgentLog log, FenceRunner.Timing timing, PrintStream out) {
        this.device = device;
        this.options = options;
        this.log = log;
        this.timing = timing;
        this.out = out;
        String separator = options.getOr(CommonOptions.PLUG_SEPARATOR, ",");
        String plug = options.spec().multiPort() ? options.plug() : "";
        this.plugs = plug.isEmpty() || separator.isEmpty() ? List.of(plug)
                : List.of(plug.split(Pattern.quote(separator), -1));
    }

    /** ON if any plug is on (the reference's rule for several plugs), OFF if all are off. */
    PowerState state() throws FenceException {
        boolean allOff = true;
        for (String plug : plugs) {
            PowerState state = device.status(plug);
            log.debug("Status of '" + plug + "': " + state);
            if (state == PowerState.UNKNOWN) {
                throw new FenceException(FailReason.STATUS);
            }
            if (state == PowerState.ON) {
                allOff = false;
            }
        }
        return allOff ? PowerState.OFF : PowerState.ON;
    }

    int status() throws FenceException {
        PowerState state = state();
        out.println("Status: " + state);
        return state == PowerState.OFF ? 2 : 0;
    }

    int monitor() throws FenceException {
        if (options.spec().multiPort()) {
            device.list();
        } else {
            state();
        }
        return 0;
    }

    int on() throws FenceException, InterruptedException {
        if (state() == PowerState.ON) {
            out.println("Success: Already ON");
            return 0;
        }
        if (!powerOnWithRetries()) {
            throw new FenceException(FailReason.WAITING_ON);
        }
        out.println("Success: Powered ON");
        return 0;
    }

    int off() throws FenceException, InterruptedException {
        if (state() == PowerState.OFF) {
            out.println("Success: Already OFF");
            return 0;
        }
        if (!setAndWait(false)) {
            throw new FenceException(FailReason.WAITING_OFF);
        }
        out.println("Success: Powered OFF");
        return 0;
    }

    /** Off (verified), then on; like the reference, a failed "on" part is logged but still succeeds. */
    int reboot() throws FenceException, InterruptedException {
        if (state() != PowerState.OFF && !setAndWait(false)) {
            throw new FenceException(FailReason.WAITING_OFF);
        }
        if (!powerOnWithRetries()) {
            log.error("Timed out waiting to power ON");
        }
        out.println("Success: Rebooted");
        return 0;
    }

    int rebootByCycle() throws FenceException {
        state();
        for (String plug : plugs) {
            if (!device.powerCycle(plug)) {
                throw new FenceException(FailReason.GENERIC, "Failed: the device did not confirm the power cycle");
            }
        }
        out.println("Success: Rebooted");
        return 0;
    }

    int list(boolean withStatus) throws FenceException {
        Optional<List<Outlet>> outlets = device.list();
        if (outlets.isEmpty()) {
            out.println("NOTICE: List option is not working on this device yet");
            return 0;
        }
        String separator = options.getOr(CommonOptions.SEPARATOR, ",");
        for (Outlet outlet : outlets.get()) {
            String line = outlet.id() + separator + outlet.alias();
            out.println(withStatus ? line + separator + outlet.printedState() : line);
        }
        return 0;
    }

    private boolean powerOnWithRetries() throws FenceException, InterruptedException {
        int attempts = Math.max(1, options.getInt(CommonOptions.RETRY_ON, 1));
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (setAndWait(true)) {
                return true;
            }
            log.debug("Power ON attempt " + attempt + " of " + attempts + " did not take");
        }
        return false;
    }

    /** Sets every plug, waits power_wait, then polls until the target state or power_timeout. */
    private boolean setAndWait(boolean on) throws FenceException, InterruptedException {
        for (String plug : plugs) {
            device.setPower(plug, on);
        }
        timing.sleep(options.seconds(CommonOptions.POWER_WAIT));
        PowerState target = on ? PowerState.ON : PowerState.OFF;
        Duration timeout = options.seconds(CommonOptions.POWER_TIMEOUT);
        Duration pause = options.seconds(CommonOptions.STONITH_STATUS_SLEEP);
        long start = timing.nanoTime();
        while (true) {
            if (combined() == target) {
                return true;
            }
            if (timing.nanoTime() - start >= timeout.toNanos()) {
                return false;
            }
            timing.sleep(pause.isZero() ? Duration.ofMillis(100) : pause);
        }
    }

    /** All plugs in one state, else UNKNOWN: while waiting, UNKNOWN is just "not there yet". */
    private PowerState combined() throws FenceException {
        boolean allOff = true;
        boolean allOn = true;
        for (String plug : plugs) {
            PowerState state = device.status(plug);
            allOff &= state == PowerState.OFF;
            allOn &= state == PowerState.ON;
        }
        return allOn ? PowerState.ON : allOff ? PowerState.OFF : PowerState.UNKNOWN;
    }
}
