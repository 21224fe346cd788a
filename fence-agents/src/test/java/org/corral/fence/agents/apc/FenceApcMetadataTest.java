package org.corral.fence.agents.apc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Our fence_apc's -o metadata next to the real agent's (reference/agent-metadata, Debian
 * fence-agents 4.12.1): the same parameters in the same order, with the same getopt, type,
 * default, required/deprecated/obsoletes, and the same actions. Descriptions are our own text.
 */
class FenceApcMetadataTest {
    private static Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(in);
    }

    private static Map<String, String> parameters(Document document) {
        Map<String, String> result = new LinkedHashMap<>();
        NodeList parameters = document.getElementsByTagName("parameter");
        for (int i = 0; i < parameters.getLength(); i++) {
            Element parameter = (Element) parameters.item(i);
            Element getopt = (Element) parameter.getElementsByTagName("getopt").item(0);
            Element content = (Element) parameter.getElementsByTagName("content").item(0);
            result.put(parameter.getAttribute("name"), String.join(" | ", getopt.getAttribute("mixed"),
                    content.getAttribute("type"), content.getAttribute("default"), parameter.getAttribute("required"),
                    parameter.getAttribute("deprecated"), parameter.getAttribute("obsoletes")));
        }
        return result;
    }

    private static List<String> actions(Document document) {
        List<String> result = new ArrayList<>();
        NodeList actions = document.getElementsByTagName("action");
        for (int i = 0; i < actions.getLength(); i++) {
            result.add(((Element) actions.item(i)).getAttribute("name"));
        }
        return result;
    }

    @Test
    void sameInterfaceAsTheRealAgent() throws Exception {
        AgentRun metadata = AgentRun.of("-o", "metadata");
        assertEquals(0, metadata.code(), metadata.toString());
        Document ours = parse(new ByteArrayInputStream(metadata.out().getBytes(StandardCharsets.UTF_8)));
        Document reference;
        try (InputStream in = getClass().getResourceAsStream("reference-fence_apc.metadata.xml")) {
            reference = parse(in);
        }
        assertEquals("fence_apc", ours.getDocumentElement().getAttribute("name"));
        assertEquals(new ArrayList<>(parameters(reference).entrySet()), new ArrayList<>(parameters(ours).entrySet()));
        assertEquals(actions(reference), actions(ours));
    }

    @Test
    void validateAllNeedsNoDeviceAndReportsEveryProblem() {
        AgentRun ok = AgentRun.of("-a", "127.0.0.1", "-l", "apc", "-p", "apc", "-n", "1", "-o", "validate-all");
        assertEquals(0, ok.code(), ok.toString());
        AgentRun bad = AgentRun.of("-a", "127.0.0.1", "-l", "apc", "-p", "apc", "-n", "1", "-s", "x", "-o", "validate-all");
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--switch must be a switch number"), bad.toString());
        AgentRun noPlug = AgentRun.of("-a", "127.0.0.1", "-l", "apc", "-p", "apc", "-o", "off");
        assertEquals(1, noPlug.code(), noPlug.toString());
        assertTrue(noPlug.err().contains("You have to enter plug number or machine identification"), noPlug.toString());
    }

    @Test
    void commandPromptOptionTakesOneRegexOrAPythonList() {
        FenceApc.quietLibraryLogging();
        AgentRun single = AgentRun.of("-a", "127.0.0.1", "-l", "apc", "-p", "apc", "-n", "1", "-c", "\\napc>", "-o", "validate-all");
        assertEquals(0, single.code(), single.toString());
        AgentRun list = AgentRun.of("-a", "127.0.0.1", "-l", "apc", "-p", "apc", "-n", "1", "-c", "['\\n>', \"\\napc>\"]", "-o", "validate-all");
        assertEquals(0, list.code(), list.toString());
    }
}
