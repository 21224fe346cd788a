package org.corral.fenced.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.corral.fenced.core.FenceConfig.Param;

/**
 * The stdin of one agent run, in libfence's order (fence/libfence/agent.c make_args): the
 * {@code <device>} attributes, then {@code nodename=<victim>} unless the device line gave one, then
 * the {@code <fencedevice>} attributes (agent= among them). RHCS stopped there and let the agent
 * default to reboot; today's agents still default to reboot but upstream asks callers to say what
 * they want, so when neither line names an action we append {@code action=reboot} (fence) or
 * {@code action=on} (unfence), which is what the RHCS agents did by default.
 */
public final class AgentArgs {
    /** What the run is for; decides the default action. */
    public enum Purpose { FENCE, UNFENCE }

    private AgentArgs() {}

    /** The lines, or empty when they exceed libfence's 4096-byte argument buffer ("error config args"). */
    public static Optional<List<String>> lines(String victim, DeviceUse use, Purpose purpose) {
        List<String> lines = new ArrayList<>();
        boolean nodename = false;
        boolean action = false;
        for (Param p : use.useParams()) {
            lines.add(p.key() + "=" + p.value());
            nodename |= p.key().equals("nodename");
            action |= p.key().equals("action") || p.key().equals("option");
        }
        if (!nodename) {
            lines.add("nodename=" + victim);
        }
        for (Param p : use.deviceParams()) {
            lines.add(p.key() + "=" + p.value());
            action |= p.key().equals("action") || p.key().equals("option");
        }
        if (!action) {
            lines.add("action=" + (purpose == Purpose.FENCE ? "reboot" : "on"));
        }
        int bytes = 0;
        for (String line : lines) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return bytes > FenceConfig.ARGS_BYTES_MAX ? Optional.empty() : Optional.of(List.copyOf(lines));
    }

    /** True for a key whose value is a secret: passwd, password, snmp_priv_passwd, passwd_script... */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("passw") || k.equals("community") || k.contains("secret");
    }

    /** The line with a secret value replaced by "[set]" (as fence_ipmilan -v shows -P); for logs. */
    public static String masked(String line) {
        int eq = line.indexOf('=');
        if (eq < 0 || !secret(line.substring(0, eq).strip())) {
            return line;
        }
        return line.substring(0, eq + 1) + "[set]";
    }

    /** fence_node -vv's "agent args:" text: the lines joined by spaces, secrets masked. */
    public static String maskedOneLine(List<String> lines) {
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(masked(line)).append(' ');
        }
        return out.toString();
    }

    /** Masks every occurrence of the given secret values inside free text (agent stdout/stderr). */
    public static String scrub(String text, List<String> lines) {
        String result = text;
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && secret(line.substring(0, eq).strip())) {
                String value = line.substring(eq + 1);
                if (value.length() >= 2) {
                    result = result.replace(value, "[set]");
                }
            }
        }
        return result;
    }
}
