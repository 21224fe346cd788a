package org.corral.fence.agents.ipmi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.corral.fence.agents.api.FenceRunner;
import org.corral.fence.agents.sim.ipmi.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Our {@code fence_ipmilan -o metadata} validates against the FenceAgentAPI schema (metadata.rng,
 * shipped by Debian's fence-agents, checked with xmllint) and lists the same parameters, with the
 * same types, defaults, getopt forms and deprecations, and the same actions as Debian's agent.
 */
class MetadataAgainstRealAgentTest {
    @TempDir
    Path dir;

    static String ourMetadata() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new FenceRunner(new FenceIpmilan(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of(), FenceRunner.Timing.SYSTEM)
                .run(new String[] {"-o", "metadata"});
        assertEquals(0, code);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Always runs: the schema restated as XSD, checked by the JDK. */
    @Test
    void validatesAgainstTheSchemaRestatedAsXsd() throws Exception {
        javax.xml.validation.Schema schema = javax.xml.validation.SchemaFactory
                .newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(MetadataAgainstRealAgentTest.class.getResource("/fence-agent-api/metadata.xsd"));
        schema.newValidator().validate(new javax.xml.transform.stream.StreamSource(
                new java.io.StringReader(ourMetadata())));
    }

    /** With Debian's schema file and xmllint: the RELAX NG original (skipped loudly without xmllint). */
    @Test
    void validatesAgainstTheFenceAgentApiSchema() throws Exception {
        String xmllint = Peers.optional("/usr/bin/xmllint", "libxml2-utils");
        String schema = Peers.requireData("/usr/share/cluster/relaxng/metadata.rng", "fence-agents");
        Path file = dir.resolve("fence_ipmilan.xml");
        Files.writeString(file, ourMetadata());
        Peers.Run run = Peers.run(List.of(xmllint, "--noout", "--relaxng", schema, file.toString()));
        assertEquals(0, run.code(), run.all());
        assertTrue(run.err().contains("validates"), run.err());
    }

    @Test
    void sameParametersAndActionsAsDebiansAgent() throws Exception {
        String agent = Peers.require("/usr/sbin/fence_ipmilan", "fence-agents");
        Peers.Run real = Peers.run(List.of(agent, "-o", "metadata"));
        assertEquals(0, real.code(), real.all());
        assertEquals(parameters(real.out()), parameters(ourMetadata()));
        assertEquals(actions(real.out()), actions(ourMetadata()));
    }

    /** name -> "type|default|getopt|required|deprecated|obsoletes|options" */
    static Map<String, String> parameters(String xml) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> parameters = new TreeMap<>();
        NodeList list = document.getElementsByTagName("parameter");
        for (int i = 0; i < list.getLength(); i++) {
            Element parameter = (Element) list.item(i);
            Element content = (Element) parameter.getElementsByTagName("content").item(0);
            Element getopt = (Element) parameter.getElementsByTagName("getopt").item(0);
            StringBuilder choices = new StringBuilder();
            NodeList options = content.getElementsByTagName("option");
            for (int j = 0; j < options.getLength(); j++) {
                choices.append(((Element) options.item(j)).getAttribute("value")).append(',');
            }
            parameters.put(parameter.getAttribute("name"), String.join("|", content.getAttribute("type"),
                    content.getAttribute("default"), getopt.getAttribute("mixed"), parameter.getAttribute("required"),
                    parameter.getAttribute("deprecated"), parameter.getAttribute("obsoletes"), choices));
        }
        return parameters;
    }

    static List<String> actions(String xml) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList list = document.getElementsByTagName("action");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            names.add(((Element) list.item(i)).getAttribute("name"));
        }
        return names;
    }
}
