package org.corral.tools.cmap;

import java.util.ArrayList;
import java.util.List;

import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.corral.tools.ipc.Service;

/**
 * The cmap namespace of corrald's socket. Commands: {@code get KEY}, {@code list [PREFIX]}
 * (read), {@code set KEY VALUE}, {@code delete KEY} (change). Each answer line is
 * {@code key TAB type TAB value}.
 */
public final class CmapService implements ControlService {
    private final CmapStore store;

    public CmapService(CmapStore store) {
        this.store = store;
    }

    @Override
    public Service service() {
        return Service.CMAP;
    }

    @Override
    public boolean changes(String command) {
        return command.equals("set") || command.equals("delete");
    }

    @Override
    public Answer handle(Peer peer, String command, List<String> arguments) {
        switch (command) {
            case "get": {
                if (arguments.size() != 1) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "get needs one key");
                }
                CmapStore.Entry entry = store.get(arguments.get(0));
                return entry == null ? Answer.error(Answer.ERR_NOT_EXIST, "no key " + arguments.get(0))
                        : Answer.ok(List.of(line(entry)));
            }
            case "list": {
                if (arguments.size() > 1) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "list takes at most one prefix");
                }
                List<String> lines = new ArrayList<>();
                store.list(arguments.isEmpty() ? "" : arguments.get(0)).forEach(e -> lines.add(line(e)));
                return Answer.ok(lines);
            }
            case "set": {
                if (arguments.size() != 2) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "set needs a key and a value");
                }
                String error = store.set(arguments.get(0), arguments.get(1));
                return error == null ? Answer.ok(List.of()) : Answer.error(Answer.ERR_INVALID_PARAM, error);
            }
            case "delete": {
                if (arguments.size() != 1) {
                    return Answer.error(Answer.ERR_INVALID_PARAM, "delete needs one key");
                }
                return store.delete(arguments.get(0)) ? Answer.ok(List.of())
                        : Answer.error(Answer.ERR_NOT_EXIST, "no key set at run time named " + arguments.get(0));
            }
            default:
                return Answer.unknown(command);
        }
    }

    private static String line(CmapStore.Entry entry) {
        return entry.key() + "\t" + entry.type() + "\t" + entry.value();
    }
}
