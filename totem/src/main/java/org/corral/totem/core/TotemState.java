package org.corral.totem.core;

/** The four states of totem SRP, numbered as corosync's enum memb_state. */
public enum TotemState {
    OPERATIONAL(1),
    GATHER(2),
    COMMIT(3),
    RECOVERY(4);

    public final int code;

    TotemState(int code) {
        this.code = code;
    }
}
