package org.corral.conf.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.corral.conf.core.ClusterConf.ClusterNode;
import org.corral.conf.core.ClusterConf.DomainMember;
import org.corral.conf.core.ClusterConf.FailoverDomain;
import org.corral.conf.core.ClusterConf.FenceDevice;
import org.corral.conf.core.ClusterConf.FenceDeviceUse;
import org.corral.conf.core.ClusterConf.FenceMethod;
import org.corral.conf.core.ClusterConf.Quorumd;
import org.corral.conf.core.ClusterConf.Resource;
import org.corral.conf.core.ClusterConf.Rm;
import org.corral.conf.wire.XmlElement;

/**
 * Binds the parsed tree to the typed {@link ClusterConf}. It is tolerant: it runs even when the
 * schema check found errors (so the semantic layer can still report everything in one pass), and it
 * skips what it cannot read rather than failing.
 */
public final class ModelBinder {
    private ModelBinder() {
    }

    public static ClusterConf bind(XmlElement root) {
        String file = root.location().file();
        Section cluster = section(root);
        Optional<XmlElement> cman = root.child("cman");
        return new ClusterConf(root.attributes().getOrDefault("name", ""), cluster.number("config_version"),
                cluster, section(cman, "cman", file),
                cman.flatMap(c -> c.child("multicast")).map(ModelBinder::section),
                cman.flatMap(c -> c.child("altmulticast")).map(ModelBinder::section),
                section(root.child("totem"), "totem", file), nodes(root), fenceDevices(root),
                section(root.child("fence_daemon"), "fence_daemon", file),
                root.child("quorumd").map(q -> new Quorumd(section(q), sections(q.children("heuristic")))),
                section(root.child("dlm"), "dlm", file), section(root.child("logging"), "logging", file),
                root.child("logging").map(l -> sections(l.children("logging_daemon"))).orElse(List.of()),
                root.child("rm").map(ModelBinder::rm), root);
    }

    static Section section(XmlElement element) {
        return new Section(element.name(), element.attributes(), element.location());
    }

    private static Section section(Optional<XmlElement> element, String name, String file) {
        return element.map(ModelBinder::section).orElseGet(() -> Section.absent(name, file));
    }

    private static List<Section> sections(List<XmlElement> elements) {
        return elements.stream().map(ModelBinder::section).toList();
    }

    private static List<ClusterNode> nodes(XmlElement root) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (XmlElement list : root.children("clusternodes")) {
            for (XmlElement node : list.children("clusternode")) {
                Section section = section(node);
                List<FenceMethod> methods = new ArrayList<>();
                for (XmlElement fence : node.children("fence")) {
                    for (XmlElement method : fence.children("method")) {
                        methods.add(new FenceMethod(method.attributes().getOrDefault("name", ""),
                                deviceUses(method), method.location()));
                    }
                }
                List<FenceDeviceUse> unfence = new ArrayList<>();
                node.children("unfence").forEach(u -> unfence.addAll(deviceUses(u)));
                OptionalLong nodeId = section.number("nodeid");
                nodes.add(new ClusterNode(node.attributes().getOrDefault("name", ""), nodeId,
                        section.number("votes", 1), sections(node.children("altname")), methods, unfence, section));
            }
        }
        return nodes;
    }

    private static List<FenceDeviceUse> deviceUses(XmlElement parent) {
        List<FenceDeviceUse> uses = new ArrayList<>();
        for (XmlElement device : parent.children("device")) {
            Map<String, String> parameters = new LinkedHashMap<>(device.attributes());
            String name = parameters.remove("name");
            uses.add(new FenceDeviceUse(name == null ? "" : name, parameters, device.location()));
        }
        return uses;
    }

    private static List<FenceDevice> fenceDevices(XmlElement root) {
        List<FenceDevice> devices = new ArrayList<>();
        for (XmlElement list : root.children("fencedevices")) {
            for (XmlElement device : list.children("fencedevice")) {
                Map<String, String> parameters = new LinkedHashMap<>(device.attributes());
                String name = parameters.remove("name");
                String agent = parameters.remove("agent");
                devices.add(new FenceDevice(name == null ? "" : name, agent == null ? "" : agent, parameters,
                        device.location()));
            }
        }
        return devices;
    }

    private static Rm rm(XmlElement rm) {
        List<FailoverDomain> domains = new ArrayList<>();
        for (XmlElement list : rm.children("failoverdomains")) {
            for (XmlElement domain : list.children("failoverdomain")) {
                Section section = section(domain);
                List<DomainMember> members = new ArrayList<>();
                for (XmlElement member : domain.children("failoverdomainnode")) {
                    long priority = section(member).number("priority", 0);
                    members.add(new DomainMember(member.attributes().getOrDefault("name", ""),
                            priority >= 1 && priority <= 100 ? (int) priority : 0, member.location()));
                }
                domains.add(new FailoverDomain(domain.attributes().getOrDefault("name", ""),
                        section.flag("ordered", false), section.flag("restricted", false),
                        section.flag("nofailback", false), members, domain.location()));
            }
        }
        List<Resource> resources = new ArrayList<>();
        rm.children("resources").forEach(list -> list.children().forEach(r -> resources.add(resource(r))));
        List<Resource> services = new ArrayList<>();
        for (XmlElement child : rm.children()) {
            if (child.name().equals("service") || child.name().equals("vm")) {
                services.add(resource(child));
            }
        }
        return new Rm(section(rm), domains, resources, services);
    }

    private static Resource resource(XmlElement element) {
        List<Resource> children = new ArrayList<>();
        List<Section> actions = new ArrayList<>();
        for (XmlElement child : element.children()) {
            if (child.name().equals("action")) {
                actions.add(section(child));
            } else {
                children.add(resource(child));
            }
        }
        return new Resource(element.name(), element.attributes(), children, actions, element.location());
    }
}
