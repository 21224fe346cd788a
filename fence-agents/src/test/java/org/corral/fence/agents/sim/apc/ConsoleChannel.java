package org.corral.fence.agents.sim.apc;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.corral.fence.agents.apc.ApcChannel;
import org.corral.fence.agents.apc.ExpectBuffer;

/**
 * An in-memory channel from the agent's dialogue straight into a simulated console: no socket,
 * no thread, no clock. A wait for text that has not come is a timeout at once (the console
 * answers synchronously, so there is nothing more to wait for).
 */
final class ConsoleChannel implements ApcChannel {
    private final ApcConsole console;
    private final LineAssembler assembler = new LineAssembler();
    private final ExpectBuffer buffer = new ExpectBuffer();
    final List<PowerEffect> effects = new ArrayList<>();
    final StringBuilder transcript = new StringBuilder();
    private boolean closed;

    ConsoleChannel(ApcConsole console, String userForSsh) {
        this.console = console;
        deliver(userForSsh == null ? console.start() : console.startAuthenticated(userForSsh));
    }

    private void deliver(ConsoleOutput output) {
        buffer.append(output.text());
        transcript.append(output.text());
        effects.addAll(output.effects());
        closed |= output.close();
    }

    @Override
    public void send(String text) throws ClosedException {
        if (closed) {
            throw new ClosedException("console closed");
        }
        for (char c : text.toCharArray()) {
            ByteArrayOutputStream echo = new ByteArrayOutputStream();
            LineAssembler.Event event = assembler.accept(c, console.expectsPassword(), echo);
            if (console.echoes()) {
                buffer.append(echo.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            if (event != null) {
                deliver(switch (event.kind()) {
                    case LINE -> console.onLine(event.text());
                    case INTERRUPT -> console.onInterrupt();
                    case ESCAPE -> console.onEscape();
                });
            }
        }
    }

    @Override
    public void sendSecret(String text) throws ClosedException {
        send(text);
    }

    @Override
    public ExpectBuffer.Match expect(List<Pattern> patterns, Duration timeout) throws TimeoutException, ClosedException {
        Optional<ExpectBuffer.Match> match = buffer.take(patterns);
        if (match.isPresent()) {
            return match.get();
        }
        if (closed) {
            throw new ClosedException("console closed");
        }
        throw new TimeoutException("nothing matching " + patterns + "; buffer ends " + buffer.tail(200));
    }

    @Override
    public String readSome(Duration timeout) {
        return buffer.takeAll();
    }

    @Override
    public void settle() {
        // nothing to wait for: the console has answered already
    }

    @Override
    public void close() {
        closed = true;
    }
}
