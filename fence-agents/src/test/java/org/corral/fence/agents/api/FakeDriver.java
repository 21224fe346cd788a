package org.corral.fence.agents.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test agent over an in-memory plug: the power follows a command after {@code lagPolls} status
 * queries (or never, when {@code stuck}), and every call is recorded.
 */
final class FakeDriver implements FenceDriver {
    final List<String> calls = new ArrayList<>();
    final boolean multiPort;
    PowerState state = PowerState.ON;
    PowerState pending;
    int lagPolls;
    int pollsLeft;
    boolean stuck;
    boolean unreachable;
    FenceOptions lastOptions;

    FakeDriver(boolean multiPort) {
        this.multiPort = multiPort;
    }

    @Override
    public AgentSpec spec() {
        List<FenceOption> options = new ArrayList<>(CommonOptions.connection("1234", "Plug"));
        return AgentSpec.of("fence_fake", "Fake agent", "A fake agent for tests.", options, multiPort);
    }

    @Override
    public PowerDevice connect(FenceOptions options, AgentLog log) throws FenceException {
        lastOptions = options;
        calls.add("connect");
        if (unreachable) {
            throw new FenceException(FailReason.LOGIN_DENIED);
        }
        return new PowerDevice() {
            @Override
            public PowerState status(String plug) {
                calls.add("status " + plug);
                if (pending != null && pollsLeft-- <= 0) {
                    state = pending;
                    pending = null;
                }
                return state;
            }

            @Override
            public void setPower(String plug, boolean on) {
                calls.add((on ? "on " : "off ") + plug);
                if (!stuck) {
                    pending = on ? PowerState.ON : PowerState.OFF;
                    pollsLeft = lagPolls;
                }
            }

            @Override
            public Optional<List<Outlet>> list() {
                calls.add("list");
                return multiPort ? Optional.of(List.of(new Outlet("1", "node1", state), new Outlet("2", "node2",
                        PowerState.OFF, "Off"), new Outlet("3", "spare", PowerState.UNKNOWN, "Rebooting"))) : Optional.empty();
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
    }
}
