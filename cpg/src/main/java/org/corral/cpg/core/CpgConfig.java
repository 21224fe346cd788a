package org.corral.cpg.core;

/**
 * The CPG engine's limits. Engines never read cluster.conf; tools fill this record.
 *
 * @param clientsMax local client connections on this node (each joins at most one group)
 * @param groupsMax groups in the cluster, checked when a local process asks to join a new group
 * @param membersPerGroupMax members of one group, checked when a local process asks to join
 * @param messageBytesMax the largest application message a client may multicast
 */
public record CpgConfig(int clientsMax, int groupsMax, int membersPerGroupMax, int messageBytesMax) {

    public static final int CLIENTS_MAX_DEFAULT = 1024;
    public static final int GROUPS_MAX_DEFAULT = 1024;
    public static final int MEMBERS_PER_GROUP_MAX_DEFAULT = 1024;
    /** 1 MiB less room for the CPG and totem headers: corosync's IPC limit is about 1 MB too. */
    public static final int MESSAGE_BYTES_MAX_DEFAULT = (1 << 20) - 1024;

    public CpgConfig {
        Check.argument(clientsMax >= 1 && clientsMax <= 1 << 16, "clientsMax " + clientsMax + " outside 1..65536");
        Check.argument(groupsMax >= 1 && groupsMax <= 1 << 16, "groupsMax " + groupsMax + " outside 1..65536");
        Check.argument(membersPerGroupMax >= 1 && membersPerGroupMax <= 1 << 20,
                "membersPerGroupMax " + membersPerGroupMax + " outside 1..1048576");
        Check.argument(messageBytesMax >= 1, "messageBytesMax must be positive");
    }

    public static CpgConfig defaults() {
        return new CpgConfig(CLIENTS_MAX_DEFAULT, GROUPS_MAX_DEFAULT, MEMBERS_PER_GROUP_MAX_DEFAULT,
                MESSAGE_BYTES_MAX_DEFAULT);
    }

    public CpgConfig withMessageBytesMax(int bytes) {
        return new CpgConfig(clientsMax, groupsMax, membersPerGroupMax, bytes);
    }
}
