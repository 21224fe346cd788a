package org.corral.fence.agents.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code --password-script} with {@code sh -c} and returns its stdout without trailing
 * whitespace, as the reference library does. Bounded in time and in output size; the output goes
 * through a temporary file so a script that keeps its stdout open cannot hang the agent.
 */
public final class PasswordScript {
    /** Most password bytes read from the script. */
    public static final int OUTPUT_BYTES_MAX = 4096;

    private PasswordScript() {
    }

    public static String run(String script, Duration timeout) throws FenceException {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("corral-passwd", ".out");
            process = new ProcessBuilder("sh", "-c", script).redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FenceException(FailReason.PASSWORD_MISSING,
                        "Failed: password script did not finish within " + timeout.toSeconds() + " s");
            }
            byte[] bytes = Files.readAllBytes(output);
            if (bytes.length > OUTPUT_BYTES_MAX) {
                throw new FenceException(FailReason.PASSWORD_MISSING,
                        "Failed: password script printed more than " + OUTPUT_BYTES_MAX + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw new FenceException(FailReason.PASSWORD_MISSING, "Failed: cannot run password script: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FenceException(FailReason.PASSWORD_MISSING, "Failed: interrupted running password script");
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a stray temp file is harmless
                }
            }
        }
    }
}
