package org.corral.totem.io;

import java.util.Locale;

/** cluster.conf's {@code <cman transport=>}: unicast to every node, IP multicast, or broadcast. */
public enum Transport {
    UDPU, UDP, UDPB;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transport parse(String text) {
        for (Transport transport : values()) {
            if (transport.configName().equals(text)) {
                return transport;
            }
        }
        throw new IllegalArgumentException("transport '" + text + "' is not one of udp, udpu, udpb");
    }
}
