package org.corral.tools.ipc;

/**
 * The command namespaces of corrald's socket. CPG speaks its own frames (libcpg's analogue); the
 * others speak {@link ControlFrames}. Ids are on the wire: never renumber, only add.
 */
public enum Service {
    CPG(1), CMAP(2), CFG(3), QUORUM(4), FENCE(5), DLM(6), RGMANAGER(7);

    private final int id;

    Service(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The service with {@code id}, or null. */
    public static Service byId(int id) {
        for (Service service : values()) {
            if (service.id == id) {
                return service;
            }
        }
        return null;
    }
}
