package org.corral.totem.rrp;

/** cluster.conf's {@code <totem rrp_mode=>}. */
public enum RrpMode {
    NONE, ACTIVE, PASSIVE;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses none/active/passive; anything else is refused with the accepted values. */
    public static RrpMode parse(String text) {
        for (RrpMode mode : values()) {
            if (mode.configName().equals(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("rrp_mode '" + text + "' is not one of none, active, passive");
    }
}
