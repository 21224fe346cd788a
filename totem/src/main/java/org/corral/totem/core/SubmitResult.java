package org.corral.totem.core;

/** The answer to {@link TotemProcessor#submit}: never blocks, never grows a queue past its limit. */
public enum SubmitResult {
    /** Queued; it will be delivered in agreed order to every member, this node included. */
    ACCEPTED,
    /** The submit queue is at or above its high-water mark (75%, as corosync): try again later. */
    TRY_AGAIN,
    /** The payload is larger than {@link TotemConfig#payloadBytesMax()}. */
    TOO_LARGE
}
