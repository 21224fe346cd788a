package org.corral.quorum.qdisk;

/** qdiskd's per-node disk states ({@code disk_node_state_t}); the codes are on disk. */
public enum DiskState {
    /** Shut down, not quorate or not running. */
    NONE(0, "None"),
    /** Voted out by the master; about to be fenced. */
    EVICT(1, "Evicted"),
    /** Initializing: hold your fire. */
    INIT(2, "Initializing"),
    /** Running. */
    RUN(5, "Running"),
    /** Running, and the master: it advertises the disk votes for its partition. */
    MASTER(6, "Master"),
    /** Master stepping down before exit (master_wins). */
    EXIT(7, "Exiting");

    private final int code;
    private final String word;

    DiskState(int code, String word) {
        this.code = code;
        this.word = word;
    }

    public int code() {
        return code;
    }

    public String word() {
        return word;
    }

    /** Running means INIT or beyond, as qdiskd's state_run(). */
    public boolean running() {
        return code >= INIT.code;
    }

    public static DiskState of(int code) {
        for (DiskState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return null;
    }
}
