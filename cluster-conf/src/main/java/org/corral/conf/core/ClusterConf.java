package org.corral.conf.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.corral.conf.wire.XmlElement;

/**
 * The typed model of a cluster.conf: what RHCS 3 daemons read from it. Built by {@link ModelBinder}
 * from the parsed tree; immutable. Sections that the file does not have are present as
 * {@link Section#absent} so callers never test for null.
 *
 * @param source the parsed document, kept for the flattened view (which follows document order)
 */
public record ClusterConf(String name, OptionalLong configVersion, Section cluster, Section cman,
                          Optional<Section> multicast, Optional<Section> altMulticast, Section totem,
                          List<ClusterNode> nodes, List<FenceDevice> fenceDevices, Section fenceDaemon,
                          Optional<Quorumd> quorumd, Section dlm, Section logging, List<Section> loggingDaemons,
                          Optional<Rm> rm, XmlElement source) {

    public ClusterConf {
        nodes = List.copyOf(nodes);
        fenceDevices = List.copyOf(fenceDevices);
        loggingDaemons = List.copyOf(loggingDaemons);
    }

    public Optional<ClusterNode> node(String nodeName) {
        return nodes.stream().filter(node -> node.name().equals(nodeName)).findFirst();
    }

    public Optional<FenceDevice> fenceDevice(String deviceName) {
        return fenceDevices.stream().filter(device -> device.name().equals(deviceName)).findFirst();
    }

    /** {@code <clusternode>}: votes default to 1; nodeid is empty when the file gives none. */
    public record ClusterNode(String name, OptionalLong nodeId, long votes, List<Section> altnames,
                              List<FenceMethod> fenceMethods, List<FenceDeviceUse> unfence, Section section) {
        public ClusterNode {
            altnames = List.copyOf(altnames);
            fenceMethods = List.copyOf(fenceMethods);
            unfence = List.copyOf(unfence);
        }
    }

    /** {@code <method name=...>}: all of its devices must succeed for the method to succeed. */
    public record FenceMethod(String name, List<FenceDeviceUse> devices, Location location) {
        public FenceMethod {
            devices = List.copyOf(devices);
        }
    }

    /** {@code <device name=... port=...>}: a use of a fencedevice, with per-node parameters. */
    public record FenceDeviceUse(String name, Map<String, String> parameters, Location location) {
        public FenceDeviceUse {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }
    }

    /** {@code <fencedevice name=... agent=...>} with every other attribute as an agent parameter. */
    public record FenceDevice(String name, String agent, Map<String, String> parameters, Location location) {
        public FenceDevice {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }
    }

    public record Quorumd(Section section, List<Section> heuristics) {
        public Quorumd {
            heuristics = List.copyOf(heuristics);
        }
    }

    /** {@code <rm>}: failover domains, shared resource definitions and the top-level services and vms. */
    public record Rm(Section section, List<FailoverDomain> failoverDomains, List<Resource> resources,
                     List<Resource> services) {
        public Rm {
            failoverDomains = List.copyOf(failoverDomains);
            resources = List.copyOf(resources);
            services = List.copyOf(services);
        }
    }

    public record FailoverDomain(String name, boolean ordered, boolean restricted, boolean noFailback,
                                 List<DomainMember> members, Location location) {
        public FailoverDomain {
            members = List.copyOf(members);
        }
    }

    /** A failoverdomainnode; priority 1..100, lower is preferred, 0 when unset or invalid. */
    public record DomainMember(String name, int priority, Location location) {
    }

    /**
     * A resource element ({@code <service>}, {@code <ip>}, {@code <fs>}...), inline or {@code ref=}, with
     * its child resources and its {@code <action>} overrides, in document order.
     */
    public record Resource(String type, Map<String, String> attributes, List<Resource> children,
                           List<Section> actions, Location location) {
        public Resource {
            attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
            children = List.copyOf(children);
            actions = List.copyOf(actions);
        }

        public Optional<String> ref() {
            return Optional.ofNullable(attributes.get("ref"));
        }
    }
}
