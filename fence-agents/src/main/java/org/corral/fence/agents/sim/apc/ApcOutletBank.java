package org.corral.fence.agents.sim.apc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outlets of the simulated switch: names and power states. Shared by every console session
 * of one simulator; the shell serialises access (one lock), so this class has none.
 */
public final class ApcOutletBank {
    public static final int UNITS_MAX = 4;
    public static final int OUTLETS_PER_UNIT_MAX = 48;
    /** AOS limits outlet names to 20 characters. */
    public static final int NAME_LENGTH_MAX = 20;

    /** A read-only snapshot of one outlet. */
    public record Outlet(OutletId id, String name, boolean on) {
    }

    private final TreeMap<OutletId, Outlet> outlets = new TreeMap<>();
    private final int units;

    public ApcOutletBank(int units, int outletsPerUnit, Map<OutletId, String> names, boolean initiallyOn) {
        if (units < 1 || units > UNITS_MAX) {
            throw new IllegalArgumentException("units must be 1.." + UNITS_MAX + ", not " + units);
        }
        if (outletsPerUnit < 1 || outletsPerUnit > OUTLETS_PER_UNIT_MAX) {
            throw new IllegalArgumentException("outlets must be 1.." + OUTLETS_PER_UNIT_MAX + ", not " + outletsPerUnit);
        }
        this.units = units;
        for (int unit = 1; unit <= units; unit++) {
            for (int number = 1; number <= outletsPerUnit; number++) {
                OutletId id = new OutletId(unit, number);
                outlets.put(id, new Outlet(id, "Outlet " + number, initiallyOn));
            }
        }
        for (Map.Entry<OutletId, String> entry : new TreeMap<>(names).entrySet()) {
            rename(entry.getKey(), entry.getValue());
        }
    }

    private void rename(OutletId id, String name) {
        Outlet outlet = outlets.get(id);
        if (outlet == null) {
            throw new IllegalArgumentException("no outlet " + id + " to name");
        }
        if (name.isEmpty() || name.length() > NAME_LENGTH_MAX || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                || name.contains(":")) {
            throw new IllegalArgumentException("outlet name '" + name + "' must be 1.." + NAME_LENGTH_MAX
                    + " printable ASCII characters without ':'");
        }
        outlets.put(id, new Outlet(id, name, outlet.on()));
    }

    public int units() {
        return units;
    }

    /** The outlets of one unit, in number order. */
    public List<Outlet> unit(int unit) {
        List<Outlet> result = new ArrayList<>();
        for (Outlet outlet : outlets.values()) {
            if (outlet.id().unit() == unit) {
                result.add(outlet);
            }
        }
        return result;
    }

    public Optional<Outlet> find(OutletId id) {
        return Optional.ofNullable(outlets.get(id));
    }

    /** Finds an outlet of a unit by its name (exact first, then ignoring case). */
    public Optional<Outlet> findByName(int unit, String name) {
        for (Outlet outlet : unit(unit)) {
            if (outlet.name().equals(name)) {
                return Optional.of(outlet);
            }
        }
        for (Outlet outlet : unit(unit)) {
            if (outlet.name().equalsIgnoreCase(name)) {
                return Optional.of(outlet);
            }
        }
        return Optional.empty();
    }

    public void setPower(OutletId id, boolean on) {
        Outlet outlet = outlets.get(id);
        if (outlet == null) {
            throw new IllegalArgumentException("no outlet " + id);
        }
        outlets.put(id, new Outlet(id, outlet.name(), on));
    }
}
