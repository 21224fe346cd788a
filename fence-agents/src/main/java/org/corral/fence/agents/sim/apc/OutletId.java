package org.corral.fence.agents.sim.apc;

/** One outlet: the unit (1 except on a chain of MasterSwitch plus units) and its number in the unit. */
public record OutletId(int unit, int number) implements Comparable<OutletId> {
    public OutletId {
        if (unit < 1 || number < 1) {
            throw new IllegalArgumentException("outlet " + unit + ":" + number + " must have unit and number >= 1");
        }
    }

    @Override
    public int compareTo(OutletId other) {
        int byUnit = Integer.compare(unit, other.unit);
        return byUnit != 0 ? byUnit : Integer.compare(number, other.number);
    }

    /** "N" for unit 1, "U:N" otherwise (the notation fence_apc accepts for -n). */
    @Override
    public String toString() {
        return unit == 1 ? Integer.toString(number) : unit + ":" + number;
    }

    /** Parses "N" (unit 1) or "U:N". */
    public static OutletId parse(String text) {
        String value = text.trim();
        int colon = value.indexOf(':');
        try {
            if (colon < 0) {
                return new OutletId(1, Integer.parseInt(value));
            }
            return new OutletId(Integer.parseInt(value.substring(0, colon)), Integer.parseInt(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad outlet '" + text + "' (use N or UNIT:N)");
        }
    }
}
