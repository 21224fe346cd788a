package org.corral.tools.ipc;

import java.util.List;

/**
 * One namespace of the control protocol (cmap, cfg, quorum, fence...), plugged into corrald. The
 * daemon calls it on its one event loop, so an implementation needs no locks; it must not block.
 */
public interface ControlService {

    Service service();

    /** True when {@code command} changes state: only privileged peers may send it. */
    boolean changes(String command);

    /** Answers one request; an unknown command answers {@link Answer#unknown}. */
    Answer handle(Peer peer, String command, List<String> arguments);

    /** Sends a notification frame ({@link ControlFrames#NOTIFICATION_ID}) to a connection, if it is open. */
    interface Notifier {
        void notify(long connection, Service service, List<String> lines);
    }

    /**
     * Called on the loop after every task, before output is written: a service with subscribers
     * (cmap track) compares and notifies here. It must be cheap when nobody subscribed.
     */
    default void poll(Notifier notifier) {
    }

    /** A connection closed: the service forgets whatever it kept for it (subscriptions). */
    default void connectionClosed(long connection) {
    }

    /** A reply's status (cs_error_t code) and lines. */
    record Answer(int status, List<String> lines) {
        public static final int OK = 1;
        public static final int ERR_INVALID_PARAM = 7;
        public static final int ERR_ACCESS = 11;
        public static final int ERR_NOT_EXIST = 12;
        public static final int ERR_NOT_SUPPORTED = 19;

        public Answer {
            lines = List.copyOf(lines);
        }

        public static Answer ok(List<String> lines) {
            return new Answer(OK, lines);
        }

        /** A formatted report as its lines; a final newline adds no empty line. */
        public static Answer okText(String text) {
            List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return ok(lines);
        }

        public static Answer error(int status, String why) {
            return new Answer(status, List.of(why));
        }

        public static Answer unknown(String command) {
            return error(ERR_NOT_SUPPORTED, "unknown command '" + command + "'");
        }
    }
}
