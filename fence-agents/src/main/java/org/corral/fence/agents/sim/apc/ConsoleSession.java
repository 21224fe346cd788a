package org.corral.fence.agents.sim.apc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell around one {@link ApcConsole}: reads the client's bytes, runs them through the line
 * discipline, calls the console under the simulator's lock, writes answers and echo, hands
 * switched outlets to the command runner, logs every input. Ends on logout, EOF or error.
 */
final class ConsoleSession {
    /** The transport under a session: telnet socket or ssh channel. */
    interface Wire {
        /** Reads application bytes; -1 at end of stream. Throws on an idle timeout. */
        int read(byte[] buffer) throws IOException;

        void write(byte[] bytes) throws IOException;

        void close();
    }

    private final ApcSimulator simulator;
    private final String peer;
    private final Wire wire;
    private final ApcConsole console;
    private final LineAssembler assembler = new LineAssembler();

    ConsoleSession(ApcSimulator simulator, String peer, Wire wire, ApcFault fault) {
        this.simulator = simulator;
        this.peer = peer;
        this.wire = wire;
        this.console = simulator.newConsole(fault);
    }

    /** Runs the dialogue to its end; {@code authenticatedUser} is set for ssh, null for telnet. */
    void run(String authenticatedUser) {
        try {
            ConsoleOutput first;
            synchronized (simulator.lock()) {
                first = authenticatedUser == null ? console.start() : console.startAuthenticated(authenticatedUser);
            }
            if (deliver(first)) {
                pump();
            }
        } catch (IOException e) {
            simulator.log(peer + " connection ended: " + e.getMessage());
        } finally {
            wire.close();
            simulator.log(peer + " disconnected");
        }
    }

    private void pump() throws IOException {
        byte[] buffer = new byte[1024];
        while (true) {
            int count = wire.read(buffer);
            if (count < 0) {
                simulator.log(peer + " closed by client");
                return;
            }
            for (int i = 0; i < count; i++) {
                ByteArrayOutputStream echo = new ByteArrayOutputStream();
                LineAssembler.Event event = assembler.accept(buffer[i] & 0xff, console.expectsPassword(), echo);
                if (echo.size() > 0 && console.echoes()) {
                    wire.write(echo.toByteArray());
                }
                if (event != null && !deliver(handle(event))) {
                    return;
                }
            }
        }
    }

    private ConsoleOutput handle(LineAssembler.Event event) {
        synchronized (simulator.lock()) {
            return switch (event.kind()) {
                case LINE -> console.onLine(event.text());
                case INTERRUPT -> console.onInterrupt();
                case ESCAPE -> console.onEscape();
            };
        }
    }

    /** Sends one answer; false when the console hung up. */
    private boolean deliver(ConsoleOutput output) throws IOException {
        simulator.log(peer + " " + output.logLine());
        for (PowerEffect effect : output.effects()) {
            simulator.powerChanged(effect);
        }
        if (!output.text().isEmpty()) {
            wire.write(output.text().getBytes(StandardCharsets.ISO_8859_1));
        }
        return !output.close();
    }
}
