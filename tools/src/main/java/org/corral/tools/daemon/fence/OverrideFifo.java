package org.corral.tools.daemon.fence;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.slf4j.Logger;

/**
 * fenced's override FIFO ({@code override_path}, default /var/run/cluster/fenced_override under
 * CORRAL_ROOT). A thread of its own blocks in open(2) until fence_ack_manual opens the other end,
 * reads one node name per line (at most {@link #NAME_BYTES_MAX} bytes) and hands each to
 * {@code onName}, which posts it onto the loop. The core accepts an override at any time, so the
 * FIFO is always read, not only during the override wait.
 */
final class OverrideFifo {
    static final int NAME_BYTES_MAX = 256;
    private final Path path;
    private final Consumer<String> onName;
    private final Logger log;

    OverrideFifo(Path path, Consumer<String> onName, Logger log) {
        this.path = path;
        this.onName = onName;
        this.log = log;
    }

    /** Makes the FIFO and reads it, both on the reader's own thread: mkfifo is a process start, off the daemon's start-up path. */
    void start() {
        Thread reader = new Thread(() -> {
            if (create()) {
                readForever();
            }
        }, "fenced-override");
        reader.setDaemon(true);
        reader.start();
    }

    private boolean create() {
        try {
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0600", path.toString()).redirectErrorStream(true).start();
            if (mkfifo.waitFor() != 0) {
                log.error("cannot create the override FIFO {}: mkfifo exited {}", path, mkfifo.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.error("cannot create the override FIFO {}: {}", path, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void readForever() {
        while (!Thread.currentThread().isInterrupted()) {
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    String name = line.strip();
                    if (!name.isEmpty() && name.length() <= NAME_BYTES_MAX) {
                        onName.accept(name);
                    }
                }
            } catch (IOException e) {
                log.warn("override FIFO {}: {}", path, e.getMessage());
                return;
            }
        }
    }
}
