package org.corral.fence.agents.sim.ipmi;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.corral.fence.agents.ipmi.CipherSuite;
import org.corral.fence.agents.ipmi.IpmiMessage;

/**
 * The IPMI commands the virtual BMC understands, independent of the session format. Anything else is
 * answered with completion code 0xc1 (invalid command) so clients such as ipmitool do not wait out
 * their probes.
 */
final class BmcCommands {
    static final int CC_OK = 0x00;
    static final int CC_INVALID_COMMAND = 0xc1;
    static final int CC_INVALID_DATA = 0xcc;
    static final int CC_REQUEST_LENGTH = 0xc7;
    static final int CC_INSUFFICIENT_PRIVILEGE = 0xd4;
    static final int CC_NOT_IN_PRESENT_STATE = 0xd5;
    static final int CC_PRIVILEGE_NOT_AVAILABLE = 0x81;

    static final int APP_GET_DEVICE_ID = 0x01;
    static final int APP_GET_CHANNEL_AUTH_CAPS = 0x38;
    static final int APP_GET_SESSION_CHALLENGE = 0x39;
    static final int APP_ACTIVATE_SESSION = 0x3a;
    static final int APP_SET_SESSION_PRIVILEGE = 0x3b;
    static final int APP_CLOSE_SESSION = 0x3c;
    static final int APP_GET_CHANNEL_CIPHER_SUITES = 0x54;
    static final int CHASSIS_GET_STATUS = 0x01;
    static final int CHASSIS_CONTROL = 0x02;

    /** The per-request view of the BMC a command handler needs. */
    interface Context {
        boolean powerOn();

        /** Applies a power change and records the event. */
        void setPower(boolean on, String cause);

        BmcFault fault();

        /** The session's current privilege (0 outside a session). */
        int privilege();

        /** The most the session may ask for. */
        int maxPrivilege();

        void setPrivilege(int level);

        /** Ends the session with this id; false when there is none. */
        boolean closeSession(int sessionId);

        SortedSet<Integer> cipherSuites();

        boolean lan15Enabled();
    }

    private BmcCommands() {
    }

    /** Commands allowed before a session exists. */
    static boolean preSessionAllowed(IpmiMessage request) {
        return request.netFn() == IpmiMessage.NETFN_APP && (request.command() == APP_GET_CHANNEL_AUTH_CAPS
                || request.command() == APP_GET_CHANNEL_CIPHER_SUITES || request.command() == APP_GET_DEVICE_ID);
    }

    static IpmiMessage handle(IpmiMessage request, Context context) {
        byte[] data = request.data();
        if (request.netFn() == IpmiMessage.NETFN_APP) {
            return switch (request.command()) {
                case APP_GET_DEVICE_ID -> request.response(CC_OK,
                        new byte[] {0x20, 0x01, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
                case APP_GET_CHANNEL_AUTH_CAPS -> authCaps(request, data, context);
                case APP_SET_SESSION_PRIVILEGE -> setPrivilege(request, data, context);
                case APP_CLOSE_SESSION -> closeSession(request, data, context);
                case APP_GET_CHANNEL_CIPHER_SUITES -> cipherSuites(request, data, context);
                default -> request.response(CC_INVALID_COMMAND, new byte[0]);
            };
        }
        if (request.netFn() == IpmiMessage.NETFN_CHASSIS) {
            return switch (request.command()) {
                case CHASSIS_GET_STATUS -> {
                    boolean on = context.fault() == BmcFault.LIE || context.powerOn();
                    yield request.response(CC_OK, new byte[] {(byte) (on ? 0x01 : 0x00), 0x00, 0x00});
                }
                case CHASSIS_CONTROL -> chassisControl(request, data, context);
                default -> request.response(CC_INVALID_COMMAND, new byte[0]);
            };
        }
        return request.response(CC_INVALID_COMMAND, new byte[0]);
    }

    private static IpmiMessage authCaps(IpmiMessage request, byte[] data, Context context) {
        if (data.length < 2) {
            return request.response(CC_REQUEST_LENGTH, new byte[0]);
        }
        boolean v2 = (data[0] & 0x80) != 0;
        int types = context.lan15Enabled() ? 0x15 : 0x00; // none, MD5, straight password
        byte extended = (byte) ((context.lan15Enabled() ? 0x01 : 0) | (v2 ? 0x02 : 0));
        return request.response(CC_OK, new byte[] {0x01, (byte) (types | (v2 ? 0x80 : 0)), 0x04,
            v2 ? extended : 0, 0, 0, 0, 0});
    }

    private static IpmiMessage setPrivilege(IpmiMessage request, byte[] data, Context context) {
        if (data.length < 1) {
            return request.response(CC_REQUEST_LENGTH, new byte[0]);
        }
        int wanted = data[0] & 0x0f;
        if (wanted == 0) {
            return request.response(CC_OK, new byte[] {(byte) context.privilege()});
        }
        if (wanted > context.maxPrivilege() || wanted < 1) {
            return request.response(CC_PRIVILEGE_NOT_AVAILABLE, new byte[0]);
        }
        context.setPrivilege(wanted);
        return request.response(CC_OK, new byte[] {(byte) wanted});
    }

    private static IpmiMessage closeSession(IpmiMessage request, byte[] data, Context context) {
        if (data.length < 4) {
            return request.response(CC_REQUEST_LENGTH, new byte[0]);
        }
        int id = (data[0] & 0xff) | (data[1] & 0xff) << 8 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 24;
        return request.response(context.closeSession(id) ? CC_OK : 0x87, new byte[0]);
    }

    /** Get Channel Cipher Suites: 16-byte pages of the records of the suites offered. */
    private static IpmiMessage cipherSuites(IpmiMessage request, byte[] data, Context context) {
        if (data.length < 3) {
            return request.response(CC_REQUEST_LENGTH, new byte[0]);
        }
        List<Byte> records = new ArrayList<>();
        for (int id : context.cipherSuites()) {
            CipherSuite suite = CipherSuite.byId(id).orElseThrow();
            records.add((byte) 0xc0);
            records.add((byte) id);
            records.add((byte) suite.auth.number);
            records.add((byte) (0x40 | suite.integrity.number));
            records.add((byte) (0x80 | suite.confidentialityNumber()));
        }
        int index = data[2] & 0x3f;
        int from = Math.min(records.size(), index * 16);
        int to = Math.min(records.size(), from + 16);
        byte[] body = new byte[1 + to - from];
        body[0] = 0x01;
        for (int i = from; i < to; i++) {
            body[1 + i - from] = records.get(i);
        }
        return request.response(CC_OK, body);
    }

    private static IpmiMessage chassisControl(IpmiMessage request, byte[] data, Context context) {
        if (data.length < 1) {
            return request.response(CC_REQUEST_LENGTH, new byte[0]);
        }
        if (context.privilege() < 3) {
            return request.response(CC_INSUFFICIENT_PRIVILEGE, new byte[0]);
        }
        if (context.fault() == BmcFault.REFUSE) {
            return request.response(CC_NOT_IN_PRESENT_STATE, new byte[0]);
        }
        int control = data[0] & 0x0f;
        switch (control) {
            case 0x00, 0x05 -> context.setPower(false, control == 0 ? "power down" : "soft shutdown");
            case 0x01 -> context.setPower(true, "power up");
            case 0x02, 0x03 -> {
                // Like real BMCs, a cycle or reset of a chassis that is off does nothing.
                if (context.powerOn()) {
                    String cause = control == 2 ? "power cycle" : "hard reset";
                    context.setPower(false, cause);
                    context.setPower(true, cause);
                }
            }
            case 0x04 -> {
                // diagnostic interrupt: nothing to simulate
            }
            default -> {
                return request.response(CC_INVALID_DATA, new byte[0]);
            }
        }
        return request.response(CC_OK, new byte[0]);
    }

    static String describe(IpmiMessage request) {
        String name = switch (request.netFn() << 8 | request.command()) {
            case IpmiMessage.NETFN_APP << 8 | APP_GET_DEVICE_ID -> "Get Device ID";
            case IpmiMessage.NETFN_APP << 8 | APP_GET_CHANNEL_AUTH_CAPS -> "Get Channel Authentication Capabilities";
            case IpmiMessage.NETFN_APP << 8 | APP_GET_SESSION_CHALLENGE -> "Get Session Challenge";
            case IpmiMessage.NETFN_APP << 8 | APP_ACTIVATE_SESSION -> "Activate Session";
            case IpmiMessage.NETFN_APP << 8 | APP_SET_SESSION_PRIVILEGE -> "Set Session Privilege Level";
            case IpmiMessage.NETFN_APP << 8 | APP_CLOSE_SESSION -> "Close Session";
            case IpmiMessage.NETFN_APP << 8 | APP_GET_CHANNEL_CIPHER_SUITES -> "Get Channel Cipher Suites";
            case IpmiMessage.NETFN_CHASSIS << 8 | CHASSIS_GET_STATUS -> "Get Chassis Status";
            case IpmiMessage.NETFN_CHASSIS << 8 | CHASSIS_CONTROL -> "Chassis Control";
            default -> String.format("netFn 0x%02x cmd 0x%02x", request.netFn(), request.command());
        };
        return name;
    }
}
