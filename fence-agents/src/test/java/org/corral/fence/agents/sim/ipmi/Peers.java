package org.corral.fence.agents.sim.ipmi;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for tests against programs nobody here wrote (ipmitool, Debian's fence_ipmilan, OpenIPMI's
 * ipmi_sim). A missing program skips the test loudly on a workstation and fails it under CI=true.
 */
public final class Peers {
    /** Every peer run is killed after this long; a hang is a failure, never a stuck build. */
    public static final long RUN_SECONDS_MAX = 60;

    private Peers() {
    }

    /** The program's path; skips (locally) or fails (CI=true) when it is not installed. */
    public static String require(String path, String debianPackage) {
        return requireFile(path, debianPackage, true);
    }

    /** A helper tool that is not itself a peer: skipped loudly when missing, even under CI. */
    public static String optional(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            String message = "TOOL MISSING: " + path + " not found; install Debian package '" + debianPackage + "'";
            System.err.println("*** " + message + " -- SKIPPED ***");
            Assumptions.abort(message);
        }
        return path;
    }

    /** Like {@link #require} for a data file (need not be executable). */
    public static String requireData(String path, String debianPackage) {
        return requireFile(path, debianPackage, false);
    }

    private static String requireFile(String path, String debianPackage, boolean executable) {
        if (executable ? Files.isExecutable(Path.of(path)) : Files.isReadable(Path.of(path))) {
            return path;
        }
        String message = "PEER MISSING: " + path + " not found; install Debian package '" + debianPackage
                + "' to run this interoperability test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: peers are mandatory)");
        }
        System.err.println("*** " + message + " -- SKIPPED ***");
        Assumptions.abort(message);
        return path;
    }

    /** What a finished program left. */
    public record Run(int code, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** Runs a program with stdin, bounded by {@link #RUN_SECONDS_MAX}. */
    public static Run run(String stdin, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("peer", ".out");
        Path err = Files.createTempFile("peer", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(RUN_SECONDS_MAX, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("peer hung for " + RUN_SECONDS_MAX + " s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static Run run(List<String> command) throws IOException, InterruptedException {
        return run("", command);
    }
}
