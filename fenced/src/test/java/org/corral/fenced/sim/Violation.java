package org.corral.fenced.sim;

/** A checker found the ground truth contradicting what a core reported. */
final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Violation(String message) {
        super(message);
    }
}
