package org.corral.conf.core;

import java.nio.charset.StandardCharsets;

/**
 * cman's derived identities (cman-preconfig.c): the 16-bit cluster id from the cluster name, its
 * FNV-1a variant, and the default multicast address built from the id. Pure functions.
 */
public final class ClusterIds {
    /** cman's limit on the cluster name, in bytes. */
    public static final int CLUSTER_NAME_LENGTH_MAX = 15;
    public static final int DEFAULT_PORT = 5405;

    private static final int FNV_32_PRIME = 0x01000193;
    private static final int FNV_32_INIT = 0x811c9dc5;

    private ClusterIds() {
    }

    /**
     * Upstream cman's default (RHEL 6 used {@link #fnvHashed} instead): shift left one bit and add
     * each character, keep the low 16 bits. Characters are added as C's signed char, as on the x86
     * machines RHCS ran on.
     */
    public static int generated(String clusterName) {
        int value = 0;
        for (byte character : clusterName.getBytes(StandardCharsets.UTF_8)) {
            value = (value << 1) + character;
        }
        return value & 0xFFFF;
    }

    /**
     * RHEL 6 cman's default, and upstream's with {@code <cman hash_cluster_id="yes">}: 32-bit FNV-1a
     * over the name, XOR-folded to 16 bits.
     */
    public static int fnvHashed(String clusterName) {
        int hash = FNV_32_INIT;
        for (byte character : clusterName.getBytes(StandardCharsets.UTF_8)) {
            hash ^= character & 0xFF;
            hash *= FNV_32_PRIME;
        }
        return ((hash >>> 16) ^ (hash & 0xFFFF)) & 0xFFFF;
    }

    /**
     * The default IPv4 multicast address: {@code 239.192.(id >> 8).(id % 255)}. The modulo 255 (not
     * 256) is cman's, kept so that addresses match real clusters (id 22265 gives 239.192.86.80).
     */
    public static String defaultMulticastIpv4(int clusterId) {
        return "239.192." + (clusterId >> 8) + "." + (clusterId % 0xFF);
    }

    /** The IPv6 default, used when the node's address is IPv6: {@code ff15::<id in hex>}. */
    public static String defaultMulticastIpv6(int clusterId) {
        return "ff15::" + Integer.toHexString(clusterId);
    }

    /** The totem key cman uses without a key file: the name NUL-padded to a multiple of 4 bytes. */
    public static byte[] nameKey(String clusterName) {
        byte[] name = clusterName.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[(name.length + 4) & 0xFC];
        System.arraycopy(name, 0, key, 0, name.length);
        return key;
    }
}
