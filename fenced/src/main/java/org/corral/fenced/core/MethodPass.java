package org.corral.fenced.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.corral.fenced.core.AgentArgs.Purpose;
import org.corral.fenced.core.FenceConfig.DeviceUse;
import org.corral.fenced.core.FenceConfig.Method;
import org.corral.fenced.core.FenceEvent.AgentOutcome;

/**
 * One pass over a node's fence methods, as libfence's fence_node() makes it, or over its unfence
 * devices as unfence_node() does; a pure state machine so that fenced's endless loop and the
 * fence_node command share it. For fencing: methods in order, every device of a method must
 * succeed, the first fully successful method ends the pass; a failed device ends its method.
 * For unfencing: every device is tried, the pass succeeds only if all did.
 *
 * <p>Use: call {@link #next()}; when it answers {@link Run}, run the agent and {@link #record} the
 * outcome; repeat until {@link Done}. Every device visited leaves a {@link Entry} in {@link #log()}
 * (fence_node -v prints them; fenced logs them).
 */
public final class MethodPass {
    /** libfence's result: 0, -1 and -2 (no method / no unfence device). */
    public enum Result { SUCCESS, FAILED, UNDEFINED }

    public sealed interface Step {
    }

    /** Run this device; method and device numbers are 0-based as in fenced's log lines. */
    public record Run(int methodNum, int deviceNum, DeviceUse use, List<String> stdinLines) implements Step {
        public Run {
            stdinLines = List.copyOf(stdinLines);
        }
    }

    public record Done(Result result) implements Step {
    }

    /** One fence_log entry: what was (or could not be) run and how it ended. */
    public record Entry(int methodNum, int deviceNum, String agent, String resultText, List<String> stdinLines) {
        public Entry {
            stdinLines = List.copyOf(stdinLines);
        }
    }

    private final String victim;
    private final Purpose purpose;
    private final List<Method> methods;
    private final int methodOffset;
    private final List<Entry> log = new ArrayList<>();
    private int method;
    private int device;
    private boolean anyFailed;
    private Run pending;
    private Done done;

    private MethodPass(String victim, Purpose purpose, List<Method> methods, int methodOffset) {
        this.victim = victim;
        this.purpose = purpose;
        this.methods = List.copyOf(methods);
        this.methodOffset = methodOffset;
    }

    /** A fence pass over all the node's methods. */
    public static MethodPass fence(String victim, List<Method> methods) {
        return new MethodPass(victim, Purpose.FENCE, methods, 0);
    }

    /** A fence pass over method {@code methodNumber} (1-based, fence_node -m) only. */
    public static MethodPass fenceOneMethod(String victim, List<Method> methods, int methodNumber) {
        Check.argument(methodNumber >= 1, "method numbers start from 1");
        if (methods.isEmpty() || methodNumber > methods.size()) {
            MethodPass pass = new MethodPass(victim, Purpose.FENCE, List.of(), methodNumber - 1);
            if (!methods.isEmpty()) {
                pass.log.add(new Entry(methodNumber - 1, 0, "none", "error method number", List.of()));
                pass.done = new Done(Result.FAILED);
            }
            return pass;
        }
        return new MethodPass(victim, Purpose.FENCE, List.of(methods.get(methodNumber - 1)), methodNumber - 1);
    }

    /** An unfence pass: the unfence devices as one method whose devices are all tried. */
    public static MethodPass unfence(String victim, List<DeviceUse> devices) {
        List<Method> one = devices.isEmpty() ? List.of() : List.of(new Method("unfence", devices));
        return new MethodPass(victim, Purpose.UNFENCE, one, 0);
    }

    public List<Entry> log() {
        return List.copyOf(log);
    }

    public Purpose purpose() {
        return purpose;
    }

    /** What to do now; the same Run again until it is recorded. */
    public Step next() {
        if (done != null) {
            return done;
        }
        if (pending != null) {
            return pending;
        }
        if (methods.isEmpty()) {
            log.add(new Entry(0, 0, "none", purpose == Purpose.FENCE ? "error no method" : "error no device", List.of()));
            done = new Done(Result.UNDEFINED);
            return done;
        }
        while (method < methods.size()) {
            Method m = methods.get(method);
            if (m.devices().isEmpty()) {
                log.add(new Entry(methodOffset + method, 0, "none", "error no device", List.of()));
                method++;
                continue;
            }
            if (device >= m.devices().size()) {
                if (purpose == Purpose.UNFENCE) {
                    done = new Done(anyFailed ? Result.FAILED : Result.SUCCESS);
                    return done;
                }
                done = new Done(Result.SUCCESS);
                return done;
            }
            DeviceUse use = m.devices().get(device);
            Optional<String> configError = configError(use);
            Optional<List<String>> lines = AgentArgs.lines(victim, use, purpose);
            if (configError.isEmpty() && lines.isEmpty()) {
                configError = Optional.of("error config args");
            }
            if (configError.isPresent()) {
                log.add(new Entry(methodOffset + method, device, use.agent().isEmpty() ? "none" : use.agent(),
                        configError.get(), List.of()));
                advanceAfter(false);
                continue;
            }
            pending = new Run(methodOffset + method, device, use, lines.get());
            return pending;
        }
        done = new Done(Result.FAILED);
        return done;
    }

    /** The outcome of the pending Run. */
    public void record(AgentOutcome outcome) {
        Check.that(pending != null, "record without a pending run");
        log.add(new Entry(pending.methodNum(), pending.deviceNum(), pending.use().agent(), outcome.logText(),
                pending.stdinLines()));
        pending = null;
        advanceAfter(outcome == AgentOutcome.SUCCESS);
    }

    private void advanceAfter(boolean success) {
        if (success || purpose == Purpose.UNFENCE) {
            anyFailed |= !success;
            device++;
            return;
        }
        // A failed device fails its whole method: go on with the next method's first device.
        method++;
        device = 0;
    }

    private static Optional<String> configError(DeviceUse use) {
        if (use.deviceName().isEmpty()) {
            return Optional.of("error config device");
        }
        if (use.agent().isEmpty()) {
            return Optional.of("error config agent");
        }
        return Optional.empty();
    }
}
