package org.corral.fence.agents.ipmi;

import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;
import org.corral.fence.agents.api.PowerDevice;
import org.corral.fence.agents.api.PowerState;

/** A chassis behind an open IPMI session: Get Chassis Status and Chassis Control. */
public final class IpmiPowerDevice implements PowerDevice {
    public static final int CMD_GET_CHASSIS_STATUS = 0x01;
    public static final int CMD_CHASSIS_CONTROL = 0x02;
    public static final int CONTROL_POWER_DOWN = 0x00;
    public static final int CONTROL_POWER_UP = 0x01;
    public static final int CONTROL_POWER_CYCLE = 0x02;
    public static final int CONTROL_HARD_RESET = 0x03;
    public static final int CONTROL_DIAG_INTERRUPT = 0x04;

    private final IpmiSession session;
    private final AgentLog log;

    public IpmiPowerDevice(IpmiSession session, AgentLog log) {
        this.session = session;
        this.log = log;
    }

    @Override
    public PowerState status(String plug) throws FenceException {
        IpmiMessage answer = session.command(IpmiMessage.NETFN_CHASSIS, CMD_GET_CHASSIS_STATUS, new byte[0]);
        byte[] body = answer.body();
        if (answer.completionCode() != 0 || body.length < 1) {
            log.debug(String.format("Get Chassis Status failed: completion code 0x%02x, %d data bytes",
                    answer.completionCode(), body.length));
            return PowerState.UNKNOWN;
        }
        return (body[0] & 0x01) != 0 ? PowerState.ON : PowerState.OFF;
    }

    @Override
    public void setPower(String plug, boolean on) throws FenceException {
        chassisControl(on ? CONTROL_POWER_UP : CONTROL_POWER_DOWN, on ? "power up" : "power down");
    }

    @Override
    public boolean powerCycle(String plug) throws FenceException {
        chassisControl(CONTROL_POWER_CYCLE, "power cycle");
        return true;
    }

    void chassisControl(int control, String what) throws FenceException {
        log.debug("Chassis Control: " + what);
        IpmiMessage answer = session.command(IpmiMessage.NETFN_CHASSIS, CMD_CHASSIS_CONTROL,
                new byte[] {(byte) control});
        if (answer.completionCode() != 0) {
            throw new FenceException(FailReason.GENERIC, String.format(
                    "Failed: the BMC refused Chassis Control %s (completion code 0x%02x)", what,
                    answer.completionCode()));
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
