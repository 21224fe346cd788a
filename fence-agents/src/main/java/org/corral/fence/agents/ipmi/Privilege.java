package org.corral.fence.agents.ipmi;

import java.util.Locale;
import java.util.Optional;

/** IPMI privilege levels as fence_ipmilan's -L names them. */
public enum Privilege {
    CALLBACK(1), USER(2), OPERATOR(3), ADMINISTRATOR(4);

    public final int level;

    Privilege(int level) {
        this.level = level;
    }

    public static Optional<Privilege> parse(String name) {
        for (Privilege privilege : values()) {
            if (privilege.name().equalsIgnoreCase(name.strip())) {
                return Optional.of(privilege);
            }
        }
        return Optional.empty();
    }

    public static Optional<Privilege> ofLevel(int level) {
        for (Privilege privilege : values()) {
            if (privilege.level == level) {
                return Optional.of(privilege);
            }
        }
        return Optional.empty();
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
