package org.corral.fence.agents.ipmi;

import org.corral.fence.agents.api.FenceException;

/** An open console session with a BMC (IPMI 1.5 or RMCP+). */
public interface IpmiSession extends AutoCloseable {
    int COMPLETION_OK = 0x00;

    /** Sends one request and returns the matching response (completion code in {@code data[0]}). */
    IpmiMessage command(int netFn, int command, byte[] data) throws FenceException;

    /** Sends Close Session (best effort, one attempt) and releases the transport. */
    @Override
    void close();
}
