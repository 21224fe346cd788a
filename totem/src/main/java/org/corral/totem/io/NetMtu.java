package org.corral.totem.io;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;

/**
 * The frame size totem uses when cluster.conf sets no {@code netmtu}: the smallest MTU of the
 * interfaces the rings are bound to, as knet's path-MTU discovery finds on a flat LAN (loopback
 * 65536, jumbo Ethernet 9000, plain Ethernet 1500). Capped so a sealed frame still fits one UDP
 * datagram. cman's fixed 1500 left loopback and jumbo-frame rings sending one small message per
 * frame; a router with a smaller MTU between the nodes is the case for setting netmtu explicitly.
 */
public final class NetMtu {
    /** A UDP datagram carries at most 65507 bytes; totem's frame budget already leaves the headers out. */
    public static final int AUTO_MAX = 65_000;
    public static final int FALLBACK = 1500;
    private static final int MIN = 576;

    private NetMtu() {}

    /** The chosen MTU and the interfaces it came from, for the start-up log line. */
    public record Choice(int mtu, String origin) {}

    public static Choice auto(List<InetAddress> ringAddresses) {
        int mtu = Integer.MAX_VALUE;
        StringBuilder names = new StringBuilder();
        try {
            for (InetAddress address : ringAddresses) {
                NetworkInterface nic = TotemShell.interfaceFor(address);
                mtu = Math.min(mtu, nic.getMTU());
                names.append(names.length() == 0 ? "" : ", ").append(nic.getName()).append(' ').append(nic.getMTU());
            }
        } catch (SocketException | IllegalArgumentException e) {
            return new Choice(FALLBACK, "the ring interface's MTU is unknown (" + e.getMessage() + ")");
        }
        if (ringAddresses.isEmpty() || mtu < MIN) {
            return new Choice(FALLBACK, "no usable interface MTU");
        }
        return new Choice(Math.min(mtu, AUTO_MAX), "interface MTU: " + names);
    }
}
