package org.corral.tools.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.corral.cpg.client.CpgCallbacks;
import org.corral.cpg.client.CpgClient;
import org.corral.cpg.client.CpgException;
import org.corral.cpg.client.DispatchMode;
import org.corral.cpg.core.CpgAddress;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.tools.ipc.UnixSocketTransport;

/** A CpgClient on one node's socket that records every callback, for the process tests. */
final class TestMember implements AutoCloseable {
    record ConfChg(List<ProcessId> members, List<CpgAddress> left, List<CpgAddress> joined) {}

    final List<String> delivered = new ArrayList<>();
    final List<ConfChg> confchgs = new ArrayList<>();
    final CpgClient client;

    TestMember(Path socket) throws IOException, CpgException {
        client = CpgClient.initialize(UnixSocketTransport.connect(socket, 30_000), (int) ProcessHandle.current().pid(),
                new CpgCallbacks() {
                    @Override
                    public void deliver(GroupName group, ProcessId sender, byte[] message) {
                        delivered.add(sender + ":" + new String(message, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void confchg(GroupName group, List<ProcessId> members, List<CpgAddress> left,
                                        List<CpgAddress> joined) {
                        confchgs.add(new ConfChg(members, left, joined));
                    }
                });
    }

    void join(String group) throws Exception {
        retry(() -> client.join(group));
    }

    void send(String text) throws Exception {
        retry(() -> client.mcast(text.getBytes(StandardCharsets.UTF_8)));
    }

    void sendBytes(byte[] payload) throws Exception {
        retry(() -> client.mcast(payload));
    }

    interface Call {
        CsError run() throws CpgException;
    }

    /** TRY_AGAIN is routine: dispatch, wait a little, retry (bounded). */
    private void retry(Call call) throws Exception {
        long deadline = System.nanoTime() + LocalCluster.WAIT_MS * 1_000_000L;
        CsError answer;
        while ((answer = call.run()) == CsError.ERR_TRY_AGAIN) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("TRY_AGAIN for " + LocalCluster.WAIT_MS + " ms");
            }
            client.dispatch(DispatchMode.ALL);
            Thread.sleep(5);
        }
        if (answer != CsError.OK) {
            throw new AssertionError("CPG answered " + answer);
        }
    }

    void dispatch() throws CpgException {
        client.dispatch(DispatchMode.ALL);
    }

    List<ProcessId> members() {
        return confchgs.isEmpty() ? List.of() : confchgs.get(confchgs.size() - 1).members();
    }

    boolean sawLeft(ProcessId process, org.corral.cpg.core.Reason reason) {
        return confchgs.stream().flatMap(c -> c.left().stream())
                .anyMatch(a -> a.process().equals(process) && a.reason() == reason);
    }

    boolean sawJoined(ProcessId process) {
        return confchgs.stream().flatMap(c -> c.joined().stream()).anyMatch(a -> a.process().equals(process));
    }

    @Override
    public void close() {
        client.close();
    }
}
