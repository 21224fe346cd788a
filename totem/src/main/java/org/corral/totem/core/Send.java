package org.corral.totem.core;

/** One packet the shell must transmit on ring {@code ring} (0 while RRP is absent). */
public record Send(int ring, Destination destination, TotemMessage message) {
    public Send {
        if (ring < 0 || ring > 1) {
            throw new IllegalArgumentException("ring " + ring + " outside 0..1");
        }
        if (destination == null || message == null) {
            throw new IllegalArgumentException("send needs a destination and a message");
        }
    }
}
