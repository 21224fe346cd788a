package org.corral.sim;

/** {@code -Dsim.seed=S}: the one seed a property replays instead of its seeded range (null when unset). */
public final class ReplaySeed {
    private ReplaySeed() {}

    public static Long fromSystemProperty() {
        String value = System.getProperty("sim.seed");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("sim.seed must be a number, got '" + value + "'");
        }
    }
}
