package org.corral.tools.daemon.fence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.corral.fenced.core.DomainState;
import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.corral.tools.ipc.Service;

/**
 * The fence namespace of corrald's socket (what fenced's own socket answered fence_tool). Reads:
 * {@code ls [-n]}, {@code dump}, {@code history}, {@code info}, {@code done} (the last outcome per
 * victim, for the layers above). Changes: {@code join}, {@code leave}.
 */
final class FenceService implements ControlService {
    private final FencePlugin plugin;

    FenceService(FencePlugin plugin) {
        this.plugin = plugin;
    }

    @Override
    public Service service() {
        return Service.FENCE;
    }

    @Override
    public boolean changes(String command) {
        return command.equals("join") || command.equals("leave");
    }

    @Override
    public Answer handle(Peer peer, String command, List<String> arguments) {
        return switch (command) {
            case "ls" -> {
                if (!plugin.joined()) {
                    yield Answer.error(Answer.ERR_NOT_EXIST, "fence domain not joined");
                }
                yield Answer.okText(plugin.state().lsText(arguments.contains("-n")));
            }
            case "dump" -> Answer.ok(plugin.dumpLines());
            case "history" -> history();
            case "info" -> Answer.ok(List.of("joined\t" + (plugin.joined() ? 1 : 0),
                    "victims\t" + plugin.state().victimCount()));
            case "done" -> {
                // node TAB name TAB how TAB by TAB fenced(1/0): the last outcome per node.
                List<String> lines = new ArrayList<>();
                plugin.victimsDone().values().forEach(v -> lines.add(v.nodeId() + "\t" + v.name() + "\t"
                        + v.how().text() + "\t" + v.byNodeId() + "\t" + (v.fenced() ? 1 : 0)));
                yield Answer.ok(lines);
            }
            case "join" -> {
                plugin.requestJoin();
                yield Answer.ok(List.of());
            }
            case "leave" -> {
                if (!plugin.joined()) {
                    yield Answer.error(Answer.ERR_NOT_EXIST, "fence domain not joined");
                }
                plugin.requestLeave();
                yield Answer.ok(List.of());
            }
            default -> Answer.unknown(command);
        };
    }

    /** One line per agent run: start time (UTC), victim, method.device, device, agent, outcome, duration. */
    private Answer history() {
        DomainState state = plugin.state();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-20s %-12s %-7s %-14s %-16s %-18s %s", "time", "victim", "m.d", "device", "agent",
                "outcome", "ms"));
        long epochBaseMs = System.currentTimeMillis() - (System.nanoTime() - plugin.startNanos()) / 1_000_000;
        for (DomainState.Attempt a : state.history()) {
            String time = Instant.ofEpochMilli(epochBaseMs + a.startMs()).toString().replace('T', ' ');
            time = time.length() > 19 ? time.substring(0, 19) : time;
            lines.add(String.format("%-20s %-12s %-7s %-14s %-16s %-18s %d", time, a.victim(),
                    a.methodNum() + "." + a.deviceNum(), a.deviceName(), a.agent(), a.outcome(), a.durationMs()));
        }
        return Answer.ok(lines);
    }
}
