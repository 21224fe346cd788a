package org.corral.tools.daemon;

import java.nio.file.Path;

import org.corral.cpg.core.ProcessId;
import org.corral.cpg.core.Reason;

/** {@link TestMember} for tests of other packages. */
public final class TestMemberAccess implements AutoCloseable {
    private final TestMember member;

    public TestMemberAccess(Path socket) throws Exception {
        member = new TestMember(socket);
    }

    public void join(String group) throws Exception {
        member.join(group);
    }

    public void sendBytes(byte[] payload) throws Exception {
        member.sendBytes(payload);
    }

    public void dispatch() throws Exception {
        member.dispatch();
    }

    public boolean sawLeft(ProcessId process, Reason reason) {
        return member.sawLeft(process, reason);
    }

    @Override
    public void close() {
        member.close();
    }
}
