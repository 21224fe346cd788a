package org.corral.cpg.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.corral.cpg.wire.CpgCodec;
import org.corral.totem.core.NodeId;
import org.corral.totem.core.SubmitResult;
import org.junit.jupiter.api.Test;

/**
 * The checker must be able to fail: deliberately broken engines (wrappers that lose, delay or
 * hide callbacks, or a node that never sends its join list) are each caught within a few seeds,
 * while the real engine passes the very same seeds.
 */
class BrokenEngineTest {
    private static final int SEEDS = 200;

    @Test
    void aLostDeliveryIsCaught() {
        int[] count = {0};
        assertCaught(wrapEffects(NodeId.of(2), effects -> {
            List<CpgEffect> kept = new ArrayList<>();
            for (CpgEffect effect : effects) {
                if (effect instanceof CpgEffect.Deliver && ++count[0] % 5 == 0) {
                    continue;
                }
                kept.add(effect);
            }
            return kept;
        }), "delivered");
    }

    @Test
    void aDelayedDeliveryIsCaught() {
        List<CpgEffect> held = new ArrayList<>();
        assertCaught(wrapEffects(NodeId.of(1), effects -> {
            List<CpgEffect> out = new ArrayList<>(held);
            held.clear();
            for (CpgEffect effect : effects) {
                if (effect instanceof CpgEffect.Deliver && held.isEmpty() && out.isEmpty()) {
                    held.add(effect);
                } else {
                    out.add(effect);
                }
            }
            return out;
        }), "step");
    }

    @Test
    void aHiddenNodeDownIsCaught() {
        assertCaught(wrapEffects(NodeId.of(1), effects -> effects.stream()
                .filter(e -> !(e instanceof CpgEffect.ConfChg c
                        && c.left().stream().anyMatch(a -> a.reason() == Reason.NODEDOWN)))
                .toList()), "");
    }

    @Test
    void aNodeThatSkipsTheJoinListExchangeIsCaught() {
        CpgNode.Factory real = CpgCluster.realEngines(CpgConfig.defaults());
        CpgNode.Factory broken = (self, port) -> real.create(self, !self.equals(NodeId.of(2)) ? port : new TotemPort() {
            @Override
            public SubmitResult submit(byte[] payload) {
                try {
                    if (CpgCodec.INSTANCE.decode(payload) instanceof CpgMessage.JoinList && payload.length > 30) {
                        return SubmitResult.ACCEPTED; // claims to send a non-empty join list, never does
                    }
                } catch (MalformedPayloadException e) {
                    throw new AssertionError(e);
                }
                return port.submit(payload);
            }

            @Override
            public int payloadBytesMax() {
                return port.payloadBytesMax();
            }
        });
        assertCaught(broken, "");
    }

    @Test
    void theRealEnginePassesTheSameSeeds() {
        CpgNode.Factory real = CpgCluster.realEngines(CpgConfig.defaults());
        for (long seed = 0; seed < 40; seed++) {
            assertEquals(List.of(), CpgChecker.check(RandomScenario.run(seed, real, 150), true), "SEED=" + seed);
        }
    }

    private static void assertCaught(CpgNode.Factory broken, String expectedWord) {
        for (long seed = 0; seed < SEEDS; seed++) {
            List<String> violations;
            try {
                violations = CpgChecker.check(RandomScenario.run(seed, broken, 150), true);
            } catch (IllegalStateException | AssertionError e) {
                // The harness itself refused (a callback to a client that is not there): also caught.
                return;
            }
            if (!violations.isEmpty()) {
                System.out.println("caught at SEED=" + seed + ": " + violations.get(0));
                assertTrue(violations.get(0).contains(expectedWord), violations.get(0));
                return;
            }
        }
        fail("the checker did not catch the broken engine in " + SEEDS + " seeds");
    }

    /** The real engine at every node, with the effects of {@code node} rewritten. */
    private static CpgNode.Factory wrapEffects(NodeId node, UnaryOperator<List<CpgEffect>> rewrite) {
        CpgConfig config = CpgConfig.defaults();
        return (self, port) -> CpgNode.of(new CpgEngine(config, self, port, CpgCodec.INSTANCE),
                self.equals(node) ? rewrite : UnaryOperator.identity());
    }
}
