package org.corral.fence.agents.sim.apc;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a simulated switch is started with.
 *
 * @param host            address to listen on (loopback by default)
 * @param telnetPort      telnet port, 0 for any free one
 * @param sshPort         ssh port, 0 for any free one, -1 for no ssh
 * @param onCommands      per outlet, the command run when it is switched on
 * @param offCommands     per outlet, the command run when it is switched off
 * @param anyCommand      command for outlets without their own (sees OUTLET, OUTLET_NAME, STATE), or null
 * @param idleTimeoutMs   a connection silent this long is closed
 * @param hostKeyFile     ssh host key file (created if missing), or null for a key kept in memory
 * @param authorizedKeysFile OpenSSH authorized_keys file whose keys may log in as any configured user over ssh, or null
 * @param faultConnections the fault hits only the first this many connections (telnet and ssh counted together),
 *                        then the switch behaves: a retry loop can be tested; 0 = every connection
 */
public record ApcSimConfig(String host, int telnetPort, int sshPort, ApcFirmware firmware, int units,
                           int outletsPerUnit, Map<OutletId, String> names, boolean initiallyOn,
                           List<ApcUser> users, ApcFault fault, int pageOutletsMax, String deviceName,
                           Map<OutletId, String> onCommands, Map<OutletId, String> offCommands,
                           String anyCommand, long commandTimeoutMs, long idleTimeoutMs, String hostKeyFile,
                           String authorizedKeysFile, int faultConnections) {
    public ApcSimConfig {
        names = new TreeMap<>(names);
        onCommands = new TreeMap<>(onCommands);
        offCommands = new TreeMap<>(offCommands);
        users = List.copyOf(users);
        if (telnetPort < 0 || telnetPort > 65535 || sshPort < -1 || sshPort > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535");
        }
        if (units != 1 && firmware != ApcFirmware.PLUS) {
            throw new IllegalArgumentException("only MasterSwitch plus (--firmware plus) chains several units");
        }
        if (faultConnections < 0) {
            throw new IllegalArgumentException("the number of failing connections must be 0 (all) or more");
        }
        if (commandTimeoutMs < 1 || idleTimeoutMs < 1) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** A loopback switch with 8 outlets, user apc/apc, no commands: the base of tests and examples. */
    public static ApcSimConfig defaults(ApcFirmware firmware) {
        return new ApcSimConfig("127.0.0.1", 0, -1, firmware, 1, 8, Map.of(), true,
                List.of(new ApcUser("apc", "apc", true)), ApcFault.NONE, 0, "SimPDU",
                Map.of(), Map.of(), null, 30_000, 600_000, null, null, 0);
    }

    public ApcSimConfig withFault(ApcFault value) {
        return new ApcSimConfig(host, telnetPort, sshPort, firmware, units, outletsPerUnit, names, initiallyOn, users,
                value, pageOutletsMax, deviceName, onCommands, offCommands, anyCommand, commandTimeoutMs, idleTimeoutMs, hostKeyFile, authorizedKeysFile, faultConnections);
    }

    /** The fault for the first {@code connections} connections only (0 = all). */
    public ApcSimConfig withFault(ApcFault value, int connections) {
        return new ApcSimConfig(host, telnetPort, sshPort, firmware, units, outletsPerUnit, names, initiallyOn, users,
                value, pageOutletsMax, deviceName, onCommands, offCommands, anyCommand, commandTimeoutMs, idleTimeoutMs,
                hostKeyFile, authorizedKeysFile, connections);
    }

    public ApcSimConfig withUsers(List<ApcUser> value) {
        return new ApcSimConfig(host, telnetPort, sshPort, firmware, units, outletsPerUnit, names, initiallyOn, value,
                fault, pageOutletsMax, deviceName, onCommands, offCommands, anyCommand, commandTimeoutMs, idleTimeoutMs, hostKeyFile, authorizedKeysFile, faultConnections);
    }

    public ApcSimConfig withOutlets(int unitCount, int perUnit, int pageSize, Map<OutletId, String> outletNames) {
        return new ApcSimConfig(host, telnetPort, sshPort, firmware, unitCount, perUnit, outletNames, initiallyOn, users,
                fault, pageSize, deviceName, onCommands, offCommands, anyCommand, commandTimeoutMs, idleTimeoutMs, hostKeyFile, authorizedKeysFile, faultConnections);
    }

    public ApcSimConfig withSsh(int port) {
        return new ApcSimConfig(host, telnetPort, port, firmware, units, outletsPerUnit, names, initiallyOn, users,
                fault, pageOutletsMax, deviceName, onCommands, offCommands, anyCommand, commandTimeoutMs, idleTimeoutMs, hostKeyFile, authorizedKeysFile, faultConnections);
    }

    public ApcSimConfig withAuthorizedKeys(String file) {
        return new ApcSimConfig(host, telnetPort, sshPort, firmware, units, outletsPerUnit, names, initiallyOn, users,
                fault, pageOutletsMax, deviceName, onCommands, offCommands, anyCommand, commandTimeoutMs, idleTimeoutMs, hostKeyFile, file, faultConnections);
    }

    public ApcSimConfig withAnyCommand(String command) {
        return new ApcSimConfig(host, telnetPort, sshPort, firmware, units, outletsPerUnit, names, initiallyOn, users,
                fault, pageOutletsMax, deviceName, onCommands, offCommands, command, commandTimeoutMs, idleTimeoutMs, hostKeyFile, authorizedKeysFile, faultConnections);
    }
}
