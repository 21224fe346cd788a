package org.corral.quorum.format;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything {@code cman_tool status} prints, as plain values (the daemon fills it from the quorum
 * engine, totem and its own counters).
 *
 * @param membershipState cman's node state code: 1 Joining, 2 Cluster-Member, 3 Not-in-Cluster, 4 Leaving
 * @param nodes the number of member nodes
 * @param quorumDeviceVotes present only while a quorum device is registered and a member
 * @param portsBound the cman ports bound by local clients, ascending (0 is cman itself)
 * @param nodeName null when the local node cannot be looked up (the two lines are then omitted)
 * @param disallowedNodes printed only when the DisallowedNodes flag is set
 */
public record CmanStatus(int versionMajor, int versionMinor, int versionPatch, int configVersion,
        String clusterName, int clusterId, long clusterGeneration, int membershipState, int nodes,
        int expectedVotes, OptionalInt quorumDeviceVotes, int totalVotes, int nodeVotes, int quorum,
        boolean quorate, int activeSubsystems, Set<Flag> flags, List<Integer> portsBound, String nodeName,
        long nodeId, List<String> multicastAddresses, List<String> nodeAddresses, List<String> disallowedNodes) {

    /** The flags, in the order cman_tool prints them. */
    public enum Flag {
        TWO_NODE("2node"), SHUTDOWN("Shutdown"), ERROR("Error"), DISALLOWED_NODES("DisallowedNodes"),
        DISALLOWED_ENABLED("DisallowedEnabled"), HAVE_STATE("HaveState"),
        // Corral extensions beyond RHCS: the votequorum options in corosync-quorumtool's words, after
        // cman's own flags so an RHCS configuration prints exactly what cman printed.
        WAIT_FOR_ALL("WaitForAll"), LAST_MAN_STANDING("LastManStanding"), AUTO_TIE_BREAKER("AutoTieBreaker");

        private final String word;

        Flag(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** The version RHEL 6 cman reports (CNXMAN_MAJOR/MINOR/PATCH_VERSION). */
    public static final int VERSION_MAJOR = 6;
    public static final int VERSION_MINOR = 2;
    public static final int VERSION_PATCH = 0;
    public static final int PORT_MAX = 255;

    public CmanStatus {
        flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        portsBound = portsBound.stream().sorted().distinct().toList();
        for (int port : portsBound) {
            if (port < 0 || port > PORT_MAX) {
                throw new IllegalArgumentException("port " + port + " outside 0.." + PORT_MAX);
            }
        }
        multicastAddresses = List.copyOf(multicastAddresses);
        nodeAddresses = List.copyOf(nodeAddresses);
        disallowedNodes = List.copyOf(disallowedNodes);
        if (clusterName == null) {
            throw new IllegalArgumentException("cluster name is required");
        }
    }
}
