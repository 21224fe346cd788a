package org.corral.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.corral.tools.CommandMain;
import org.corral.cpg.core.CsError;
import org.corral.cpg.core.GroupName;
import org.corral.cpg.core.ProcessId;
import org.corral.cpg.wire.IpcCodec;
import org.corral.cpg.wire.IpcMessage;
import org.corral.cpg.wire.MalformedFrameException;
import org.corral.tools.ipc.UnixSocketTransport;

/**
 * cpgbench: CPG throughput and latency through a node's corrald.
 * <pre>
 * cpgbench [-g group] [-s bytes] [-t seconds] [-n runs]        as corosync's: runs of growing size
 * cpgbench --throughput [-s bytes] [-t seconds] [-w senders] [--window N] [--json]
 * cpgbench --latency [-s bytes] [-c count] [--json]
 * </pre>
 * Every mode speaks the CPG frames itself and keeps up to {@code --window} multicasts in flight
 * (the request/answer protocol allows it; CpgClient waits for each answer). A TRY_AGAIN answer is
 * flow control: the sender pauses until something is delivered. --throughput first waits until the
 * group has {@code -w} members (the other nodes' cpgbench), then sends for {@code -t} seconds and
 * counts what this node delivers in that window. --latency sends one message at a time and times
 * its own delivery (run it on an idle ring).
 */
public final class CpgBench {
    private static final String PROGRAM = "cpgbench";
    private static final long WAIT_MS = 60_000;

    private CpgBench() {}

    public static void main(String[] args) {
        PrintStream out = CommandMain.stdout();
        int code;
        try {
            code = run(args, out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println(PROGRAM + ": " + e.getMessage());
            code = 1;
        }
        out.flush();
        System.exit(code);
    }

    record Options(String mode, String group, int size, int seconds, int runs, int senders, int window, int count,
                   boolean json) {}

    static Options parse(String[] args) {
        String mode = "classic";
        String group = "cpg_bench";
        int size = -1;
        int seconds = 10;
        int runs = 10;
        int senders = 1;
        int window = 64;
        int count = 2000;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--throughput" -> mode = "throughput";
                case "--latency" -> mode = "latency";
                case "--json" -> json = true;
                case "-g" -> group = value(args, ++i, a);
                case "-s" -> size = number(value(args, ++i, a), a, 16, 1 << 20);
                case "-t" -> seconds = number(value(args, ++i, a), a, 1, 3600);
                case "-n" -> runs = number(value(args, ++i, a), a, 1, 1000);
                case "-w" -> senders = number(value(args, ++i, a), a, 1, 1024);
                case "--window" -> window = number(value(args, ++i, a), a, 1, 4096);
                case "-c" -> count = number(value(args, ++i, a), a, 1, 10_000_000);
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (see cpgbench -h)");
            }
        }
        if (!GroupName.isValid(group)) {
            throw new IllegalArgumentException("bad group name '" + group + "'");
        }
        if (size < 0) {
            size = mode.equals("classic") ? 1000 : 100;
        }
        return new Options(mode, group, size, seconds, runs, senders, window, count, json);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static int number(String text, String option, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a number in " + min + ".." + max);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println("usage: cpgbench [-g group] [-s bytes] [-t seconds] [-n runs]");
            out.println("       cpgbench --throughput [-s bytes] [-t seconds] [-w senders] [--window N] [--json]");
            out.println("       cpgbench --latency [-s bytes] [-c count] [--json]");
            return 0;
        }
        Options o = parse(args);
        try (Session session = Session.open(o)) {
            switch (o.mode()) {
                case "throughput" -> throughput(session, o, out);
                case "latency" -> latency(session, o, out);
                default -> classic(session, o, out);
            }
            return 0;
        } catch (IOException | MalformedFrameException e) {
            err.println(PROGRAM + ": " + e.getMessage());
            return 1;
        }
    }

    private static void classic(Session s, Options o, PrintStream out) throws IOException, MalformedFrameException {
        int size = o.size();
        for (int run = 0; run < o.runs(); run++) {
            Result r = s.send(size, o.seconds() * 1000L, o.window());
            double seconds = r.elapsedNanos / 1e9;
            out.printf(Locale.ROOT, "%5d messages received %5d bytes per write %7.3f Seconds runtime %9.3f TP/s %7.3f MB/s.%n",
                    r.delivered, size, seconds, r.delivered / seconds, r.bytes / seconds / 1e6);
            out.flush();
            size += 1000;
            if (size > (1 << 20) - 1024) {
                break;
            }
        }
    }

    private static void throughput(Session s, Options o, PrintStream out) throws IOException, MalformedFrameException {
        s.awaitMembers(o.senders());
        Result r = s.send(o.size(), o.seconds() * 1000L, o.window());
        double seconds = r.elapsedNanos / 1e9;
        double rate = r.delivered / seconds;
        double mb = r.bytes / seconds / 1e6;
        if (o.json()) {
            out.printf(Locale.ROOT, "{\"mode\":\"throughput\",\"node\":%d,\"size\":%d,\"seconds\":%.3f,\"senders\":%d,"
                    + "\"sent\":%d,\"try_again\":%d,\"delivered\":%d,\"msgs_per_s\":%.1f,\"mb_per_s\":%.3f}%n",
                    s.node, o.size(), seconds, o.senders(), r.sent, r.tryAgain, r.delivered, rate, mb);
        } else {
            out.printf(Locale.ROOT, "node %d: %d delivered in %.3f s: %.1f msgs/s, %.3f MB/s (sent %d, TRY_AGAIN %d)%n",
                    s.node, r.delivered, seconds, rate, mb, r.sent, r.tryAgain);
        }
    }

    private static void latency(Session s, Options o, PrintStream out) throws IOException, MalformedFrameException {
        long[] samples = s.pingSelf(o.size(), o.count());
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2] / 1000.0;
        double p99 = sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1000.0;
        double max = sorted[sorted.length - 1] / 1000.0;
        if (o.json()) {
            out.printf(Locale.ROOT, "{\"mode\":\"latency\",\"node\":%d,\"size\":%d,\"count\":%d,\"p50_us\":%.1f,"
                    + "\"p99_us\":%.1f,\"max_us\":%.1f}%n", s.node, o.size(), sorted.length, p50, p99, max);
        } else {
            out.printf(Locale.ROOT, "node %d: self-delivery of %d-byte messages, %d samples: p50 %.1f us, p99 %.1f us, max %.1f us%n",
                    s.node, o.size(), sorted.length, p50, p99, max);
        }
    }

    record Result(long sent, long tryAgain, long delivered, long bytes, long elapsedNanos) {}

    /** One pipelined CPG connection. */
    private static final class Session implements AutoCloseable {
        private final UnixSocketTransport transport;
        private final GroupName group;
        private final int pid = (int) ProcessHandle.current().pid();
        private ByteBuffer inbound = ByteBuffer.allocate(1 << 20);
        private long nextId = 1;
        private int node;
        private List<ProcessId> members = List.of();
        private long delivered;
        private long deliveredBytes;
        private long outstanding;
        private long tryAgain;
        private long lastSelfSeq = -1;
        private boolean paused;

        private Session(UnixSocketTransport transport, GroupName group) {
            this.transport = transport;
            this.group = group;
        }

        static Session open(Options o) throws IOException, MalformedFrameException {
            Session s;
            try {
                s = new Session(UnixSocketTransport.connect(Cli.socket(), WAIT_MS), GroupName.of(o.group()));
            } catch (IOException e) {
                throw new IOException("Could not initialize corosync process group API (is corrald running? " + e.getMessage() + ")");
            }
            s.expectOk(s.call(new IpcMessage.Initialize(s.pid, false)), "initialize");
            s.node = ((IpcMessage.Local) s.call(new IpcMessage.LocalGet())).node().value();
            long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
            CsError joined;
            while ((joined = s.call(new IpcMessage.Join(s.group)).error()) == CsError.ERR_TRY_AGAIN && System.nanoTime() < deadline) {
                s.pump(10);
            }
            s.expectOk(joined, "join");
            return s;
        }

        private void expectOk(IpcMessage.Response response, String what) throws IOException {
            expectOk(response.error(), what);
        }

        private void expectOk(CsError error, String what) throws IOException {
            if (error != CsError.OK) {
                throw new IOException(what + " refused: " + error);
            }
        }

        /** One request answered before anything else is sent (set-up only). */
        private IpcMessage.Response call(IpcMessage.Request request) throws IOException, MalformedFrameException {
            long id = nextId++;
            transport.write(IpcCodec.encode(id, request));
            long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
            while (System.nanoTime() < deadline) {
                IpcCodec.Frame frame = next(100);
                if (frame != null && frame.message() instanceof IpcMessage.Response response && frame.requestId() == id) {
                    return response;
                }
                if (frame != null) {
                    handle(frame);
                }
            }
            throw new IOException("corrald did not answer " + request.getClass().getSimpleName());
        }

        void awaitMembers(int count) throws IOException, MalformedFrameException {
            long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
            while (members.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("group " + group.value() + " has " + members.size() + " members, waited for " + count);
                }
                pump(50);
            }
        }

        Result send(int size, long millis, int window) throws IOException, MalformedFrameException {
            byte[] payload = new byte[size];
            long sent = 0;
            long deliveredAtStart = delivered;
            long bytesAtStart = deliveredBytes;
            long againAtStart = tryAgain;
            long start = System.nanoTime();
            long end = start + millis * 1_000_000L;
            while (System.nanoTime() < end) {
                while (!paused && outstanding < window) {
                    ByteBuffer.wrap(payload).putLong(0, sent);
                    transport.write(IpcCodec.encode(nextId++, new IpcMessage.Mcast(payload)));
                    outstanding++;
                    sent++;
                }
                // Block (bounded) when nothing can be sent: a spinning sender would take the CPU
                // the daemons need on a small machine.
                pump(paused || outstanding >= window ? 20 : 0);
            }
            long elapsed = System.nanoTime() - start;
            Result result = new Result(sent, tryAgain - againAtStart, delivered - deliveredAtStart,
                    deliveredBytes - bytesAtStart, elapsed);
            long drainDeadline = System.nanoTime() + WAIT_MS * 1_000_000L;
            while (outstanding > 0 && System.nanoTime() < drainDeadline) {
                pump(10);
            }
            return result;
        }

        long[] pingSelf(int size, int count) throws IOException, MalformedFrameException {
            int warmup = Math.max(10, count / 10);
            long[] samples = new long[count];
            byte[] payload = new byte[Math.max(size, 16)];
            for (int i = -warmup; i < count; i++) {
                long start = System.nanoTime();
                ByteBuffer.wrap(payload).putLong(0, i + warmup).putInt(8, pid);
                CsError answer;
                do {
                    long id = nextId++;
                    transport.write(IpcCodec.encode(id, new IpcMessage.Mcast(payload)));
                    outstanding++;
                    long before = tryAgain;
                    long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
                    while (outstanding > 0 && System.nanoTime() < deadline) {
                        pump(100);
                    }
                    answer = tryAgain > before ? CsError.ERR_TRY_AGAIN : CsError.OK;
                } while (answer == CsError.ERR_TRY_AGAIN);
                long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
                while (lastSelfSeq != i + warmup) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("message " + (i + warmup) + " was never delivered back");
                    }
                    pump(100);
                }
                if (i >= 0) {
                    samples[i] = System.nanoTime() - start;
                }
            }
            return samples;
        }

        /** Handles every frame that arrives within {@code waitMs}. */
        private void pump(long waitMs) throws IOException, MalformedFrameException {
            IpcCodec.Frame frame = next(waitMs);
            while (frame != null) {
                handle(frame);
                frame = next(0);
            }
        }

        private void handle(IpcCodec.Frame frame) {
            IpcMessage message = frame.message();
            if (message instanceof IpcMessage.Status status) {
                outstanding--;
                if (status.error() == CsError.ERR_TRY_AGAIN) {
                    tryAgain++;
                    paused = true;
                }
            } else if (message instanceof IpcMessage.Deliver d) {
                delivered++;
                deliveredBytes += d.payload().length;
                paused = false;
                if (d.sender().pid() == pid && d.sender().node().value() == node && d.payload().length >= 12) {
                    lastSelfSeq = ByteBuffer.wrap(d.payload()).getLong(0);
                }
            } else if (message instanceof IpcMessage.ConfChg c && c.group().equals(group)) {
                members = new ArrayList<>(c.members());
            }
        }

        private IpcCodec.Frame next(long waitMs) throws IOException, MalformedFrameException {
            while (true) {
                IpcCodec.Frame frame = IpcCodec.decode(inbound.flip());
                inbound.compact();
                if (frame != null) {
                    return frame;
                }
                if (!inbound.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(Math.min(IpcCodec.FRAME_BYTES_MAX, inbound.capacity() * 2));
                    inbound.flip();
                    bigger.put(inbound);
                    inbound = bigger;
                }
                int read = transport.readWithin(inbound, waitMs);
                if (read < 0) {
                    throw new IOException("corrald closed the connection");
                }
                if (read == 0) {
                    return null;
                }
                waitMs = 0;
            }
        }

        @Override
        public void close() {
            try {
                transport.write(IpcCodec.encode(nextId++, new IpcMessage.Finalize()));
                transport.close();
            } catch (IOException e) {
                // the daemon treats a vanished client as PROCDOWN anyway
            }
        }
    }
}
