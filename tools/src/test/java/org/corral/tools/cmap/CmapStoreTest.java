package org.corral.tools.cmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.corral.tools.ipc.ControlService;
import org.corral.tools.ipc.Peer;
import org.junit.jupiter.api.Test;

class CmapStoreTest {
    private static CmapStore store() {
        CmapStore store = new CmapStore(List.of(Map.entry("service.name", "corosync_quorum"), Map.entry("service.name",
                "corosync_cman"), Map.entry("totem.token", "10000")));
        store.addRuntime(() -> {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("runtime.totem.pg.mrp.srp.orf_token_rx", "744");
            keys.put("runtime.totem.pg.mrp.srp.members.1.status", "joined");
            return keys;
        });
        return store;
    }

    @Test
    void listKeepsFileOrderAndRepeatedKeysThenRuntime() {
        List<CmapStore.Entry> all = store().list("");
        assertEquals(List.of("service.name", "service.name", "totem.token", "runtime.totem.pg.mrp.srp.orf_token_rx",
                "runtime.totem.pg.mrp.srp.members.1.status"), all.stream().map(CmapStore.Entry::key).toList());
        assertEquals("u64", all.get(3).type());
        assertEquals("str", all.get(4).type());
        assertEquals(2, store().list("runtime.totem.pg.mrp.srp.").size());
    }

    @Test
    void setOverridesAndDeleteRestores() {
        CmapStore store = store();
        assertNull(store.set("totem.token", "3000"));
        assertEquals("3000", store.get("totem.token").value());
        assertTrue(store.delete("totem.token"));
        assertEquals("10000", store.get("totem.token").value());
        assertFalse(store.delete("totem.token"), "file keys are not deletable");
        assertNotNull(store.set("runtime.totem.pg.mrp.srp.orf_token_rx", "0"), "runtime keys are the engines'");
    }

    @Test
    void serviceAnswersAndClassifiesCommands() {
        CmapService service = new CmapService(store());
        Peer peer = new Peer(1, 10, 0, List.of(), true);
        assertTrue(service.changes("set") && service.changes("delete") && !service.changes("list") && !service.changes("get"));
        assertEquals(List.of("totem.token\tstr\t10000"), service.handle(peer, "get", List.of("totem.token")).lines());
        assertEquals(ControlService.Answer.ERR_NOT_EXIST, service.handle(peer, "get", List.of("nope")).status());
        assertEquals(ControlService.Answer.ERR_INVALID_PARAM, service.handle(peer, "get", List.of()).status());
        assertEquals(ControlService.Answer.ERR_NOT_SUPPORTED, service.handle(peer, "zap", List.of()).status());
    }
}
