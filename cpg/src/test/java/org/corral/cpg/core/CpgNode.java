package org.corral.cpg.core;

import java.util.List;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.TotemEvent;

/** What the test harness drives: the engine, or a deliberately broken wrapper of it. */
interface CpgNode {
    CsError connect(long clientId, int pid, boolean totemCallbacks);

    CsError join(long clientId, GroupName group);

    CsError leave(long clientId, GroupName group);

    CsError mcast(long clientId, byte[] payload);

    void disconnect(long clientId);

    void onTotemEvent(TotemEvent event);

    void flush();

    List<CpgEffect> takeEffects();

    SortedMap<GroupName, List<ProcessId>> groups();

    CpgState state();

    interface Factory {
        CpgNode create(NodeId self, TotemPort port);
    }

    /** The real engine, unchanged. */
    static CpgNode of(CpgEngine engine) {
        return of(engine, UnaryOperator.identity());
    }

    /** The real engine with its effects passed through {@code rewrite} (a deliberately broken node). */
    static CpgNode of(CpgEngine engine, UnaryOperator<List<CpgEffect>> rewrite) {
        return new CpgNode() {
            public CsError connect(long clientId, int pid, boolean totemCallbacks) {
                return engine.connect(clientId, pid, totemCallbacks);
            }

            public CsError join(long clientId, GroupName group) {
                return engine.join(clientId, group);
            }

            public CsError leave(long clientId, GroupName group) {
                return engine.leave(clientId, group);
            }

            public CsError mcast(long clientId, byte[] payload) {
                return engine.mcast(clientId, payload);
            }

            public void disconnect(long clientId) {
                engine.disconnect(clientId);
            }

            public void onTotemEvent(TotemEvent event) {
                engine.onTotemEvent(event);
            }

            public void flush() {
                engine.flush();
            }

            public List<CpgEffect> takeEffects() {
                return rewrite.apply(engine.takeEffects());
            }

            public SortedMap<GroupName, List<ProcessId>> groups() {
                return engine.groups();
            }

            public CpgState state() {
                return engine.state();
            }
        };
    }
}
