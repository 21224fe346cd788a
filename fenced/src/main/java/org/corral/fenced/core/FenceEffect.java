package org.corral.fenced.core;

import java.util.List;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceEvent.FenceHow;

/** What the fence domain asks its shell to do, in order. */
public sealed interface FenceEffect {

    /**
     * Run {@code agent} as a child process with {@code stdinLines} on stdin (never on the command
     * line), kill it after {@code timeoutMs}, and post {@link FenceEvent.AgentFinished} with this
     * {@code runId} back to the loop. Method and device numbers are 0-based as in fenced's log.
     */
    record RunAgent(long runId, Purpose purpose, String victim, int victimNodeId, int methodNum, int deviceNum,
                    String deviceName, String agent, List<String> stdinLines, long timeoutMs) implements FenceEffect {
        public RunAgent {
            stdinLines = List.copyOf(stdinLines);
        }

        @Override
        public String toString() {
            // Records print every field; this one must never print a password.
            return "RunAgent[" + runId + " " + purpose + " " + victim + " dev " + methodNum + "." + deviceNum + " "
                    + agent + " " + AgentArgs.maskedOneLine(stdinLines).strip() + " timeout " + timeoutMs + "]";
        }
    }

    /** A syslog line of daemon "fenced" (text without the "fenced[pid]: " prefix). */
    record Log(Priority priority, String text) implements FenceEffect {
    }

    /**
     * The victim is done: fenced (how AGENT, OVERRIDE, EXTERNAL) or no longer a victim because it
     * rejoined during the delay (how MEMBER). The layers above (dlm, rgmanager) wait on this; when
     * {@code broadcast} is set this node did it and the shell tells the other members over cpg.
     */
    record VictimDone(int nodeId, String name, FenceHow how, int byNodeId, long atMs, boolean broadcast)
            implements FenceEffect {
        /** True when the node is known to be cut off (not merely back as a member). */
        public boolean fenced() {
            return how != FenceHow.MEMBER && how != FenceHow.NONE;
        }
    }

    /** All methods failed: listen on the override FIFO for up to {@code timeoutMs}. */
    record AwaitOverride(String victim, long timeoutMs) implements FenceEffect {
    }

    enum Priority { ERR, WARNING, INFO, DEBUG }
}
