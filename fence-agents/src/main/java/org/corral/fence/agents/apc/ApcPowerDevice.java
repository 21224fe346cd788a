package org.corral.fence.agents.apc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.corral.fence.agents.api.AgentLog;
import org.corral.fence.agents.api.FailReason;
import org.corral.fence.agents.api.FenceException;
import org.corral.fence.agents.api.Outlet;
import org.corral.fence.agents.api.PowerDevice;
import org.corral.fence.agents.api.PowerState;

/**
 * A logged-in APC switch as the FenceAgentAPI runner drives it. Each call walks the menus from
 * the top (as the reference agent does). A plug may be given by number or by the outlet's name;
 * a name is translated to its number through the outlet list.
 */
final class ApcPowerDevice implements PowerDevice {
    private final ApcDialogue dialogue;
    private final ApcChannel channel;
    private final String switchId;
    private final AgentLog log;
    private Map<String, ApcDialogue.Entry> lastListing;

    ApcPowerDevice(ApcDialogue dialogue, ApcChannel channel, String switchId, AgentLog log) {
        this.dialogue = dialogue;
        this.channel = channel;
        this.switchId = switchId;
        this.log = log;
    }

    @Override
    public PowerState status(String plug) throws FenceException {
        Map<String, ApcDialogue.Entry> outlets = listing();
        Optional<ApcDialogue.Entry> entry = find(outlets, plug);
        if (entry.isEmpty()) {
            log.debug("plug '" + plug + "' is not among the " + outlets.size() + " outlets listed");
            throw new FenceException(FailReason.STATUS);
        }
        return entry.get().on() ? PowerState.ON : PowerState.OFF;
    }

    @Override
    public void setPower(String plug, boolean on) throws FenceException {
        Map<String, ApcDialogue.Entry> outlets = lastListing != null ? lastListing : listing();
        ApcDialogue.Entry entry = find(outlets, plug).orElseThrow(() -> new FenceException(FailReason.STATUS));
        try {
            dialogue.setPower(switchId, entry.id(), on);
        } catch (ApcDialogue.DialogueException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<List<Outlet>> list() throws FenceException {
        List<Outlet> result = new ArrayList<>();
        for (ApcDialogue.Entry entry : listing().values()) {
            result.add(new Outlet(entry.id(), entry.name(), entry.on() ? PowerState.ON : PowerState.OFF));
        }
        return Optional.of(result);
    }

    private Map<String, ApcDialogue.Entry> listing() throws FenceException {
        try {
            lastListing = dialogue.outlets(switchId);
            return lastListing;
        } catch (ApcDialogue.DialogueException e) {
            throw failure(e);
        }
    }

    /** By outlet number first, then by name (exact, then ignoring case). */
    static Optional<ApcDialogue.Entry> find(Map<String, ApcDialogue.Entry> outlets, String requested) {
        // "-n SWITCH:PLUG" names the switch in front; FenceApc took the switch part already.
        String plug = requested.matches("\\d+:\\d+") ? requested.substring(requested.indexOf(':') + 1) : requested;
        ApcDialogue.Entry byId = outlets.get(plug);
        if (byId != null) {
            return Optional.of(byId);
        }
        for (ApcDialogue.Entry entry : outlets.values()) {
            if (entry.name().equals(plug)) {
                return Optional.of(entry);
            }
        }
        return outlets.values().stream().filter(entry -> entry.name().equalsIgnoreCase(plug)).findFirst();
    }

    FenceException failure(ApcDialogue.DialogueException e) {
        log.debug("APC dialogue failed: " + e.getMessage());
        if (e.getMessage().startsWith("Failed:")) {
            return new FenceException(FailReason.GENERIC, e.getMessage());
        }
        return new FenceException(e.timedOut() ? FailReason.TIMED_OUT : FailReason.CONNECTION_LOST);
    }

    @Override
    public void close() {
        dialogue.logout();
        channel.close();
    }
}
