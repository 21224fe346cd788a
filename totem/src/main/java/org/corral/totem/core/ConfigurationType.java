package org.corral.totem.core;

/** Extended virtual synchrony's two configuration kinds (corosync TOTEM_CONFIGURATION_*). */
public enum ConfigurationType {
    TRANSITIONAL,
    REGULAR
}
