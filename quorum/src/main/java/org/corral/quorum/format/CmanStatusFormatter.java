package org.corral.quorum.format;

/**
 * {@code cman_tool status}, byte for byte as cluster 3's {@code show_status()} prints it,
 * including its trailing spaces: "Quorum: 2  " when quorate, "Flags: 2node " and
 * "Ports Bound: 0  ".
 */
public final class CmanStatusFormatter {
    private CmanStatusFormatter() {}

    public static String format(CmanStatus status) {
        StringBuilder out = new StringBuilder(512);
        out.append("Version: ").append(status.versionMajor()).append('.').append(status.versionMinor()).append('.')
                .append(status.versionPatch()).append('\n');
        out.append("Config Version: ").append(status.configVersion()).append('\n');
        out.append("Cluster Name: ").append(status.clusterName()).append('\n');
        out.append("Cluster Id: ").append(status.clusterId()).append('\n');
        out.append("Cluster Member: Yes\n");
        out.append("Cluster Generation: ").append(status.clusterGeneration()).append('\n');
        out.append("Membership state: ").append(membershipState(status.membershipState())).append('\n');
        out.append("Nodes: ").append(status.nodes()).append('\n');
        out.append("Expected votes: ").append(status.expectedVotes()).append('\n');
        status.quorumDeviceVotes().ifPresent(votes -> out.append("Quorum device votes: ").append(votes).append('\n'));
        out.append("Total votes: ").append(status.totalVotes()).append('\n');
        out.append("Node votes: ").append(status.nodeVotes()).append('\n');
        out.append("Quorum: ").append(status.quorum()).append(' ')
                .append(status.quorate() ? " " : "Activity blocked").append('\n');
        out.append("Active subsystems: ").append(status.activeSubsystems()).append('\n');
        out.append("Flags:");
        for (CmanStatus.Flag flag : status.flags()) {
            out.append(' ').append(flag.word());
        }
        out.append(" \n");
        out.append("Ports Bound: ");
        for (int port : status.portsBound()) {
            out.append(port).append(' ');
        }
        out.append(" \n");
        if (status.nodeName() != null) {
            out.append("Node name: ").append(status.nodeName()).append('\n');
            out.append("Node ID: ").append(Integer.toUnsignedString((int) status.nodeId())).append('\n');
        }
        out.append("Multicast addresses: ");
        for (String address : status.multicastAddresses()) {
            out.append(address).append(' ');
        }
        out.append('\n');
        out.append("Node addresses: ");
        for (String address : status.nodeAddresses()) {
            out.append(address).append(' ');
        }
        out.append('\n');
        if (status.flags().contains(CmanStatus.Flag.DISALLOWED_NODES)) {
            out.append("Disallowed nodes: ");
            for (String name : status.disallowedNodes()) {
                out.append(name).append(' ');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** cman's membership state words. */
    public static String membershipState(int code) {
        return switch (code) {
            case 1 -> "Joining";
            case 2 -> "Cluster-Member";
            case 3 -> "Not-in-Cluster";
            case 4 -> "Leaving";
            default -> "Unknown: code=" + code;
        };
    }
}
