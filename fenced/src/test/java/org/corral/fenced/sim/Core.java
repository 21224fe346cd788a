package org.corral.fenced.sim;

import java.util.List;

import org.corral.fenced.core.DomainState;
import org.corral.fenced.core.FenceConfig;
import org.corral.fenced.core.FenceDomain;
import org.corral.fenced.core.FenceEffect;
import org.corral.fenced.core.FenceEvent;

/**
 * The seam through which the simulation runs a fence core: the real {@link FenceDomain}, or a
 * deliberately broken wrapper that shows the checkers catch a wrong core.
 */
interface Core {
    void tick(long nowMs);

    void handle(FenceEvent event);

    void startUnfence();

    List<FenceEffect> takeEffects();

    DomainState state();

    interface Factory {
        Core create(FenceConfig config, int nodeId);
    }

    /** The real core, unchanged. */
    static Core real(FenceConfig config, int nodeId) {
        FenceDomain domain = new FenceDomain(config, nodeId);
        return new Core() {
            @Override
            public void tick(long nowMs) {
                domain.tick(nowMs);
            }

            @Override
            public void handle(FenceEvent event) {
                domain.handle(event);
            }

            @Override
            public void startUnfence() {
                domain.startUnfence();
            }

            @Override
            public List<FenceEffect> takeEffects() {
                return domain.takeEffects();
            }

            @Override
            public DomainState state() {
                return domain.state();
            }
        };
    }
}
