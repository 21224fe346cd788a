package org.corral.fence.agents.apc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An {@link ApcChannel} over a pair of byte streams (a telnet socket or an ssh shell channel). A
 * daemon thread pumps received bytes into an {@link ExpectBuffer}; {@link #expect} waits on it
 * with a deadline, so a silent device costs exactly the timeout and a closed one returns at once.
 */
class StreamChannel implements ApcChannel {
    /** Received bytes, after any transport decoding; -1 at end of stream. */
    interface Source {
        int read(byte[] buffer) throws IOException;
    }

    private static final long SETTLE_MS = 100;
    private final ExpectBuffer buffer = new ExpectBuffer();
    private final OutputStream out;
    private final Consumer<String> wireLog;
    private final Runnable closer;
    private boolean eof;
    private String eofReason = "connection closed by the device";

    StreamChannel(Source source, OutputStream out, Consumer<String> wireLog, Runnable closer, String name) {
        this.out = out;
        this.wireLog = wireLog;
        this.closer = closer;
        Thread pump = new Thread(() -> pump(source), "apc-channel-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    static Source of(InputStream in) {
        return in::read;
    }

    private void pump(Source source) {
        byte[] chunk = new byte[4096];
        try {
            while (true) {
                int count = source.read(chunk);
                if (count < 0) {
                    break;
                }
                String text = new String(chunk, 0, count, StandardCharsets.ISO_8859_1);
                wireLog.accept("Received: " + text);
                synchronized (buffer) {
                    buffer.append(text);
                    buffer.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (buffer) {
                eofReason = "connection broken: " + e.getMessage();
            }
        } finally {
            synchronized (buffer) {
                eof = true;
                buffer.notifyAll();
            }
        }
    }

    @Override
    public void send(String text) throws ClosedException {
        wireLog.accept("Sent: " + text);
        write(text);
    }

    @Override
    public void sendSecret(String text) throws ClosedException {
        wireLog.accept("Sent: [set]");
        write(text);
    }

    private void write(String text) throws ClosedException {
        try {
            synchronized (out) {
                out.write(encode(text.getBytes(StandardCharsets.ISO_8859_1)));
                out.flush();
            }
        } catch (IOException e) {
            throw new ClosedException("cannot send to the device: " + e.getMessage());
        }
    }

    /** Transport framing of outgoing bytes (telnet doubles IAC); identity here. */
    byte[] encode(byte[] bytes) {
        return bytes;
    }

    @Override
    public ExpectBuffer.Match expect(List<Pattern> patterns, Duration timeout) throws TimeoutException, ClosedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (buffer) {
            while (true) {
                Optional<ExpectBuffer.Match> match = buffer.take(patterns);
                if (match.isPresent()) {
                    return match.get();
                }
                if (eof) {
                    throw new ClosedException(eofReason);
                }
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    throw new TimeoutException("no answer matching " + patterns + " within " + timeout.toMillis() + " ms");
                }
                waitOn(leftNanos);
            }
        }
    }

    @Override
    public String readSome(Duration timeout) throws ClosedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (buffer) {
            while (buffer.length() == 0 && !eof) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    return "";
                }
                waitOn(leftNanos);
            }
            if (buffer.length() == 0) {
                throw new ClosedException(eofReason);
            }
            return buffer.takeAll();
        }
    }

    private void waitOn(long nanos) {
        try {
            long millis = Math.max(1, nanos / 1_000_000);
            buffer.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            eof = true;
            eofReason = "interrupted";
        }
    }

    @Override
    public void settle() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closer.run();
    }
}
