package org.corral.tools.daemon;

import java.util.Map;
import java.util.function.Supplier;

import org.corral.tools.ipc.ControlService;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.corral.totem.core.TotemEvent;

/**
 * How an engine (quorum, fenced, dlm...) plugs into corrald. Every method runs on the daemon's one
 * event loop, so an engine needs no locks and must never block: blocking work (a fence agent, a
 * disk read) runs elsewhere and comes back through {@link Context#post}.
 *
 * <p>Contract: {@link #start} runs first, before any event reaches any engine (totem's events
 * wait in a queue until every engine has started, so each sees the first configuration). Then,
 * per loop task: totem events in totem's order ({@link #onConfiguration}, {@link #onDelivered}
 * with this engine's payloads only), then {@link #afterEvents} once.
 */
public interface DaemonEngine {

    /** The byte that tags this engine's totem payloads (2..255; 1 is CPG's), unique per daemon. */
    int totemTag();

    /** Called once on the loop after the ring's sockets are bound. */
    void start(Context context);

    void onConfiguration(TotemEvent.ConfigurationChange change);

    /** One of this engine's payloads, tag removed, in agreed order. */
    void onDelivered(NodeId origin, byte[] payload);

    /** After each loop task: flush queued work, answer clients. */
    default void afterEvents() {}

    /** What the daemon offers an engine. */
    interface Context {
        NodeId self();

        /** Submits a payload tagged with this engine's tag to totem; TRY_AGAIN means later. */
        SubmitResult submit(byte[] payload);

        /** Runs {@code task} on the loop later (results of work done off the loop). */
        void post(Runnable task);

        /** Adds runtime.* keys to cmap. */
        void runtimeKeys(Supplier<Map<String, String>> provider);

        /** Adds a command namespace to the socket. */
        void register(ControlService service);
    }
}
