package org.corral.cpg.core;

/** Where the engine is in its cycle of totem rings. */
public enum CpgState {
    /** No regular configuration yet: clients may connect, but join/leave/mcast answer TRY_AGAIN. */
    WAITING_FOR_RING,
    /** A new ring; the join lists are being exchanged. Requests answer TRY_AGAIN (as corosync). */
    SYNC,
    /** Every node of the ring agrees on every group: requests are served. */
    ACTIVE
}
