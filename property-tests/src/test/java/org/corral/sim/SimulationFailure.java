package org.corral.sim;

/** A checker found the ground truth breaking a guarantee; {@link #checker} names which one. */
public final class SimulationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String checker;
    private final long timeMs;

    public SimulationFailure(String checker, long timeMs, String detail) {
        super("[" + checker + "] at " + timeMs + " ms: " + detail);
        this.checker = checker;
        this.timeMs = timeMs;
    }

    public SimulationFailure(String checker, long timeMs, String detail, Throwable cause) {
        super("[" + checker + "] at " + timeMs + " ms: " + detail, cause);
        this.checker = checker;
        this.timeMs = timeMs;
    }

    public String checker() {
        return checker;
    }

    public long timeMs() {
        return timeMs;
    }
}
