package org.corral.fence.agents.ipmi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;
import org.corral.fence.agents.sim.ipmi.VirtualBmc;

/**
 * A transport wired straight to a {@link VirtualBmc}, no sockets: each attempt is handed to the BMC,
 * its answers go through {@code tamper} (which may rewrite or drop them) and then to the matcher.
 */
final class LoopbackTransport implements IpmiTransport {
    final VirtualBmc bmc;
    final int retransmitsMax;
    UnaryOperator<byte[]> tamper = UnaryOperator.identity();
    /** Session-packet answers to leave untouched before {@link #tamper} applies (handshake first). */
    int untouched;
    final List<byte[]> sent = new ArrayList<>();
    long nowMs;
    boolean closed;
    /** Lose every answer to a first attempt: the BMC sees each request twice (UDP loss of replies). */
    boolean loseFirstAnswers;

    LoopbackTransport(VirtualBmc bmc, int retransmitsMax) {
        this.bmc = bmc;
        this.retransmitsMax = retransmitsMax;
    }

    @Override
    public <T> T exchange(String what, RequestBuilder request, ResponseMatcher<T> matcher) throws FenceException {
        String problem = null;
        for (int attempt = 0; attempt <= retransmitsMax; attempt++) {
            byte[] datagram = request.build(attempt);
            sent.add(datagram);
            nowMs += 10;
            for (byte[] reply : bmc.handle(datagram, "test:1", nowMs).replies()) {
                byte[] delivered = untouched-- > 0 ? reply : tamper.apply(reply);
                if (loseFirstAnswers && attempt == 0) {
                    delivered = null;
                }
                if (delivered == null) {
                    continue;
                }
                try {
                    T answer = matcher.match(delivered);
                    if (answer != null) {
                        return answer;
                    }
                } catch (WireException e) {
                    problem = e.getMessage();
                }
            }
        }
        throw new FenceException(FailReason.TIMED_OUT, "Connection timed out: no valid answer to " + what
                + (problem == null ? "" : " (" + problem + ")"));
    }

    @Override
    public void close() {
        closed = true;
    }
}
