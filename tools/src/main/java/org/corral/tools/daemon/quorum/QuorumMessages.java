package org.corral.tools.daemon.quorum;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.corral.quorum.core.QuorumEvent;

/**
 * The quorum service's totem payloads: one short ASCII line each, so a capture is readable.
 * <pre>
 *   N nodeid clusterid version votes expected name   cman's NODEINFO (the name last: it may hold spaces)
 *   E expected                                       cman_tool expected -e
 *   V nodeid votes                                   cman_tool votes -v [-n]
 *   L nodeid 0|1                                     cman_tool leave [remove]
 *   K nodeid bynodeid                                cman_tool kill -n, or the refusal of a conflicting node
 *   R version                                        cman_tool version -r: every node reloads its own copy
 * </pre>
 * Anything else decodes to empty and is ignored (a newer peer's message, or garbage).
 */
final class QuorumMessages {
    static final int MESSAGE_BYTES_MAX = 256;

    private QuorumMessages() {}

    /** A kill order: {@code target} must exit; {@code by} asked for it. */
    record Kill(int target, int by) {}

    /** cman_tool version -r: reload cluster.conf, which must now carry {@code version}. */
    record ReloadTo(int version) {}

    static byte[] reload(int version) {
        return bytes("R " + version);
    }

    static byte[] nodeInfo(QuorumEvent.NodeInfo info) {
        return bytes("N " + info.nodeId() + " " + info.clusterId() + " " + info.configVersion() + " " + info.votes()
                + " " + info.expectedVotes() + " " + info.clusterName());
    }

    static byte[] expected(int expected) {
        return bytes("E " + expected);
    }

    static byte[] votes(int nodeId, int votes) {
        return bytes("V " + nodeId + " " + votes);
    }

    static byte[] leave(int nodeId, boolean remove) {
        return bytes("L " + nodeId + " " + (remove ? 1 : 0));
    }

    static byte[] kill(int target, int by) {
        return bytes("K " + target + " " + by);
    }

    private static byte[] bytes(String text) {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        if (out.length > MESSAGE_BYTES_MAX) {
            throw new IllegalArgumentException("quorum message longer than " + MESSAGE_BYTES_MAX + " bytes");
        }
        return out;
    }

    /** The decoded message: a QuorumEvent or a Kill; empty for anything malformed. */
    static Optional<Object> decode(byte[] payload) {
        if (payload.length == 0 || payload.length > MESSAGE_BYTES_MAX) {
            return Optional.empty();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        String[] f = text.split(" ", 7);
        try {
            return Optional.of(switch (f[0]) {
                case "N" -> {
                    if (f.length != 7) {
                        throw new IllegalArgumentException();
                    }
                    yield new QuorumEvent.NodeInfo(Integer.parseInt(f[1]), f[6], Integer.parseInt(f[2]),
                            Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
                }
                case "E" -> new QuorumEvent.SetExpected(Integer.parseInt(f[1]));
                case "V" -> new QuorumEvent.SetVotes(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                case "L" -> new QuorumEvent.Leave(Integer.parseInt(f[1]), f[2].equals("1"));
                case "K" -> new Kill(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                case "R" -> new ReloadTo(Integer.parseInt(f[1]));
                default -> throw new IllegalArgumentException();
            });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
