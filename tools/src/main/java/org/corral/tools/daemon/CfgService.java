package org.corral.tools.daemon;

import java.util.ArrayList;
import java.util.List;

import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.corral.tools.ipc.Service;

/**
 * The cfg namespace (corosync's configuration service): {@code ring-status} (read) answers the
 * local node id, then one {@code ring TAB n TAB address TAB status} line per ring, the status
 * being RRP's last problem text; {@code ring-reset} (change) re-enables every ring as
 * {@code corosync-cfgtool -r}; {@code local} answers the node id and name.
 */
final class CfgService implements ControlService {
    private final NodeDaemon daemon;

    CfgService(NodeDaemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public Service service() {
        return Service.CFG;
    }

    @Override
    public boolean changes(String command) {
        return command.equals("ring-reset");
    }

    @Override
    public Answer handle(Peer peer, String command, List<String> arguments) {
        if (!arguments.isEmpty()) {
            return Answer.error(Answer.ERR_INVALID_PARAM, command + " takes no arguments");
        }
        switch (command) {
            case "ring-status": {
                List<String> lines = new ArrayList<>();
                lines.add("nodeid\t" + daemon.config().net().self().value());
                List<String> status = daemon.ringStatus();
                for (int ring = 0; ring < status.size(); ring++) {
                    lines.add("ring\t" + ring + "\t" + daemon.config().net().rings().get(ring).bind().getHostAddress()
                            + "\t" + status.get(ring));
                }
                return Answer.ok(lines);
            }
            case "ring-reset":
                daemon.totem().resetRings();
                return Answer.ok(List.of());
            case "local":
                return Answer.ok(List.of("nodeid\t" + daemon.config().net().self().value(),
                        "name\t" + daemon.config().nodeName(),
                        "members\t" + daemon.ringMembers()));
            default:
                return Answer.unknown(command);
        }
    }
}
