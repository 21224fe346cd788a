package org.corral.sim;

/**
 * The conditions of one direction of one link on one ring. Mutable: faults change it during a
 * scenario and {@link Network#heal} puts it back to the scenario's base conditions.
 */
public final class LinkState {
    /** A link at full capacity holds at most this many bytes queued (a switch port's buffer). */
    public static final int QUEUE_BYTES_MAX_DEFAULT = 256 * 1024;

    double lossRate;
    double duplicateRate;
    long delayMinMs;
    long delayMaxMs;
    /** Bytes the link carries per ms; 0 means unlimited. */
    long bytesPerMs;
    int queueBytesMax = QUEUE_BYTES_MAX_DEFAULT;
    /** Partitioned: every packet is lost. */
    boolean cut;
    /** While clogged, packets are held and released together when the clog ends. */
    long cloggedUntilMs;
    /** When the link finishes sending what is already queued (capacity model). */
    long busyUntilMs;

    LinkState(LinkState base) {
        if (base != null) {
            copyFrom(base);
        }
    }

    void copyFrom(LinkState base) {
        lossRate = base.lossRate;
        duplicateRate = base.duplicateRate;
        delayMinMs = base.delayMinMs;
        delayMaxMs = base.delayMaxMs;
        bytesPerMs = base.bytesPerMs;
        queueBytesMax = base.queueBytesMax;
        cut = base.cut;
        cloggedUntilMs = base.cloggedUntilMs;
    }

    public LinkState loss(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("loss rate " + rate + " outside 0..1");
        }
        lossRate = rate;
        return this;
    }

    public LinkState duplicate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("duplicate rate " + rate + " outside 0..1");
        }
        duplicateRate = rate;
        return this;
    }

    public LinkState delay(long minMs, long maxMs) {
        if (minMs < 0 || maxMs < minMs) {
            throw new IllegalArgumentException("delay " + minMs + ".." + maxMs + " is not a range");
        }
        delayMinMs = minMs;
        delayMaxMs = maxMs;
        return this;
    }

    public LinkState capacity(long bytesPerMillisecond) {
        if (bytesPerMillisecond < 0) {
            throw new IllegalArgumentException("capacity " + bytesPerMillisecond + " is negative");
        }
        bytesPerMs = bytesPerMillisecond;
        return this;
    }

    public LinkState cut(boolean isCut) {
        cut = isCut;
        return this;
    }

    public LinkState clogUntil(long timeMs) {
        cloggedUntilMs = timeMs;
        return this;
    }

    public double lossRate() {
        return lossRate;
    }

    public boolean isCut() {
        return cut;
    }
}
