package org.corral.quorum.qdisk;

/** The election messages a node posts in its status block ({@code disk_msg_id_t}). */
public enum DiskMessage {
    NONE(0), BID(1), ACK(2), NACK(3), MASK(4);

    private final int code;

    DiskMessage(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static DiskMessage of(int code) {
        for (DiskMessage message : values()) {
            if (message.code == code) {
                return message;
            }
        }
        return null;
    }
}
