package org.corral.fence.agents.ipmi;

import org.corral.fence.agents.api.FenceException;

/**
 * How a console session reaches its BMC: one request, one matching answer, with retransmission.
 * The UDP shell is {@link UdpTransport}; tests plug the virtual BMC in directly.
 */
public interface IpmiTransport extends AutoCloseable {

    /** Builds the datagram for attempt number {@code attempt} (0 first); retransmits may differ (new seq). */
    @FunctionalInterface
    interface RequestBuilder {
        byte[] build(int attempt);
    }

    /**
     * Judges one received datagram: returns the answer, or null when it is not ours (stray, replay,
     * other command). Throw {@link WireException} for a datagram that is ours but broken: the
     * transport keeps waiting and reports the last such problem if nothing good arrives.
     */
    @FunctionalInterface
    interface ResponseMatcher<T> {
        T match(byte[] datagram) throws WireException;
    }

    /**
     * Sends and waits. Fails with a {@link FenceException} (TIMED_OUT, with the last decoding problem
     * in its message) when no acceptable answer comes within the retransmission budget.
     */
    <T> T exchange(String what, RequestBuilder request, ResponseMatcher<T> matcher) throws FenceException;

    @Override
    void close();
}
