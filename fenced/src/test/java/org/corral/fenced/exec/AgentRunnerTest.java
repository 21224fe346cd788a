package org.corral.fenced.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceEffect.RunAgent;
import org.corral.fenced.core.FenceEvent.AgentOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner against tiny sh agents in a temp directory. */
class AgentRunnerTest {
    @TempDir
    Path dir;

    private Path agent(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static RunAgent run(String agent, long timeoutMs) {
        return new RunAgent(7, Purpose.FENCE, "node2", 2, 0, 0, "dev", agent,
                List.of("port=2", "nodename=node2", "agent=" + agent, "passwd=s3cret", "action=reboot"), timeoutMs);
    }

    private AgentRunner runner() {
        return new AgentRunner(new AgentLocator(List.of(dir)));
    }

    @Test
    void argumentsGoToStdinInOrderAndNeverOnTheCommandLine() throws Exception {
        agent("fence_ok", "echo \"argc=$#\" > " + dir.resolve("argc") + "; cat > " + dir.resolve("stdin")
                + "; echo 'Success: Rebooted'");
        try (AgentRunner runner = runner()) {
            AgentResult result = runner.runNow(run("fence_ok", 30_000));
            assertEquals(AgentOutcome.SUCCESS, result.outcome());
            assertEquals(0, result.exitCode());
            assertEquals(List.of("Success: Rebooted"), result.output());
        }
        assertEquals("argc=0\n", Files.readString(dir.resolve("argc")));
        assertEquals("port=2\nnodename=node2\nagent=fence_ok\npasswd=s3cret\naction=reboot\n",
                Files.readString(dir.resolve("stdin")));
    }

    @Test
    void nonZeroExitIsAnErrorAndTheOutputHasNoPassword() throws Exception {
        agent("fence_bad", "cat >/dev/null; echo 'Unable to login with s3cret' >&2; exit 1");
        try (AgentRunner runner = runner()) {
            AgentResult result = runner.runNow(run("fence_bad", 30_000));
            assertEquals(AgentOutcome.ERROR, result.outcome());
            assertEquals(1, result.exitCode());
            assertEquals(List.of("Unable to login with [set]"), result.output());
        }
    }

    @Test
    void anOverrunningAgentIsKilledWithItsChildren() throws Exception {
        Path pid = dir.resolve("pid");
        agent("fence_hang", "sleep 300 & echo $! > " + pid + "; wait");
        try (AgentRunner runner = runner()) {
            AgentResult result = runner.runNow(run("fence_hang", 2_000));
            assertEquals(AgentOutcome.TIMEOUT, result.outcome());
            assertTrue(result.detail().contains("killed after 2000 ms"));
        }
        // On a machine so loaded that the script had not even forked its child, there is no child to check.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(pid) && !Files.readString(pid).isBlank(),
                "the agent never got to start its child");
        long child = Long.parseLong(Files.readString(pid).trim());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the agent's child was killed");
    }

    @Test
    void missingAgentIsAnAgentErrorAsWithExeclpAndPathsAreRefused() {
        try (AgentRunner runner = runner()) {
            assertEquals(AgentOutcome.ERROR, runner.runNow(run("fence_nowhere", 1_000)).outcome());
            assertEquals("agent ../fence_ok not found", runner.runNow(run("../fence_ok", 1_000)).detail());
        }
        assertFalse(AgentLocator.validName("/bin/sh"));
        assertFalse(AgentLocator.validName("a;b"));
        assertTrue(AgentLocator.validName("fence_ipmilan"));
    }

    @Test
    void submitReturnsAtOnceAndPostsTheResultFromAnotherThread() throws Exception {
        Path go = dir.resolve("go");
        agent("fence_slowish", "cat >/dev/null; while [ ! -f " + go + " ]; do sleep 0.05; done; exit 0");
        CompletableFuture<AgentResult> posted = new CompletableFuture<>();
        CompletableFuture<Thread> poster = new CompletableFuture<>();
        try (AgentRunner runner = runner()) {
            runner.submit(run("fence_slowish", 30_000), result -> {
                poster.complete(Thread.currentThread());
                posted.complete(result);
            });
            assertFalse(posted.isDone(), "submit does not wait for the agent");
            Files.writeString(go, "");
            AgentResult result = posted.get(60, TimeUnit.SECONDS);
            assertEquals(AgentOutcome.SUCCESS, result.outcome());
            assertEquals(7, result.event().runId());
            assertTrue(poster.get() != Thread.currentThread());
        }
    }

    @Test
    void standardSearchOrder() {
        AgentLocator locator = AgentLocator.standard("/r", "/home/corral", "/usr/bin:/bin");
        assertEquals(List.of(Path.of("/r/usr/sbin"), Path.of("/home/corral/sbin"), Path.of("/usr/bin"), Path.of("/bin"),
                Path.of("/usr/sbin"), Path.of("/sbin")), locator.directories());
    }
}
