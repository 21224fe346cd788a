package org.corral.tools.cmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.corral.tools.ipc.ControlFrames;
import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.corral.tools.ipc.Service;
import org.junit.jupiter.api.Test;

/** cmap tracks without a daemon: what each poll reports, limits, and the notification frame. */
class CmapTracksTest {
    private final TreeMap<String, String> runtime = new TreeMap<>();

    private CmapStore store() {
        CmapStore store = new CmapStore(List.of(Map.entry("totem.token", "1000")));
        store.addRuntime(() -> new TreeMap<>(runtime));
        return store;
    }

    @Test
    void aPrefixTrackReportsCreateModifyDeleteInCorosyncsOrder() {
        CmapStore store = store();
        CmapTracks tracks = new CmapTracks(store);
        runtime.put("runtime.a.x", "1");
        tracks.add(7, "runtime.a.", true);
        assertEquals(Map.of(), tracks.poll());
        runtime.put("runtime.a.x", "2");
        runtime.put("runtime.a.y", "node");
        runtime.put("runtime.b", "elsewhere");
        assertEquals(Map.of(7L, List.of("modify\truntime.a.x\tu64\t2", "create\truntime.a.y\tstr\tnode")), tracks.poll());
        runtime.remove("runtime.a.x");
        assertEquals(Map.of(7L, List.of("delete\truntime.a.x\tu64\t2")), tracks.poll());
        assertEquals(Map.of(), tracks.poll());
    }

    @Test
    void aKeyTrackSeesOnlyThatKeyAndDiesWithItsConnection() {
        CmapStore store = store();
        CmapTracks tracks = new CmapTracks(store);
        tracks.add(1, "runtime.a", false);
        runtime.put("runtime.ab", "1");
        runtime.put("runtime.a", "1");
        assertEquals(Map.of(1L, List.of("create\truntime.a\tu64\t1")), tracks.poll());
        store.set("totem.token", "2000");
        tracks.dropConnection(1);
        assertTrue(tracks.isEmpty());
    }

    @Test
    void theServiceAnswersTrackWithAnIdAndRefusesBeyondItsLimits() {
        CmapService service = new CmapService(store());
        Peer reader = new Peer(3, 100, 1000, List.of(), false);
        ControlService.Answer first = service.handle(reader, "track", List.of("runtime.", "prefix"));
        assertEquals(List.of("1"), first.lines());
        assertEquals("1", service.handle(reader, "get", List.of("runtime.services.cmap.tracks")).lines().get(0)
                .split("\t")[2]);
        assertEquals(ControlService.Answer.ERR_INVALID_PARAM,
                service.handle(reader, "track", List.of("runtime.", "everything")).status());
        for (int i = 1; i < CmapTracks.TRACKS_PER_CONNECTION_MAX; i++) {
            assertEquals(ControlService.Answer.OK, service.handle(reader, "track", List.of("k" + i, "key")).status());
        }
        ControlService.Answer refused = service.handle(reader, "track", List.of("one.more", "key"));
        assertEquals("more than 16 tracks on one connection", refused.lines().get(0));
        assertEquals(ControlService.Answer.ERR_NOT_EXIST, service.handle(new Peer(4, 101, 1000, List.of(), false),
                "untrack", List.of("1")).status());
        assertEquals(ControlService.Answer.OK, service.handle(reader, "untrack", List.of("1")).status());
        service.connectionClosed(3);
        List<String> sent = new ArrayList<>();
        runtime.put("runtime.new", "1");
        service.poll((connection, s, lines) -> sent.addAll(lines));
        assertEquals(List.of(), sent);
    }

    @Test
    void aNotificationIsAReplyFrameWithRequestIdZero() throws ControlFrames.Malformed {
        byte[] frame = ControlFrames.encode(new ControlFrames.Reply(ControlFrames.NOTIFICATION_ID, Service.CMAP, 1,
                List.of("create\tk\tstr\tv")));
        ControlFrames.Reply decoded = ControlFrames.decodeReply(frame);
        assertTrue(decoded.notification());
        assertEquals(List.of("create\tk\tstr\tv"), decoded.lines());
    }
}
