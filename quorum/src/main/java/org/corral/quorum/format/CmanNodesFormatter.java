package org.corral.quorum.format;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code cman_tool nodes [-a] [-n name]... [-F fields]}, as cluster 3's {@code show_nodes()} and
 * {@code print_node()} print it: rows sorted by node id, {@code "%4u   %c  %5d   %s  %s"}, join
 * times as localtime "%F %H:%M:%S" (19 spaces for non-members), "       Addresses: a b " with -a,
 * and with -F one line per node with each field followed by a space and no header.
 */
public final class CmanNodesFormatter {
    /** cman_tool accepts at most this many -F fields (MAX_FORMAT_OPTS) and -n names. */
    public static final int FORMAT_FIELDS_MAX = 10;
    public static final int NODE_NAMES_MAX = 10;
    public static final String HEADER = "Node  Sts   Inc   Joined               Name\n";
    private static final String NO_JOIN_TIME = "                   ";

    private CmanNodesFormatter() {}

    /** The -F field names; an unknown name prints nothing, as in cman_tool. */
    public enum Field { ID, NAME, TYPE, ADDR, VOTES, EXP, STATE, NONE }

    /** What to print: -a, the -n filter (empty = all) and the -F list (null = the table). */
    public record Options(boolean addresses, List<String> nameFilter, String formatFields) {
        public Options {
            nameFilter = List.copyOf(nameFilter);
            if (nameFilter.size() > NODE_NAMES_MAX) {
                throw new IllegalArgumentException("too many node names (max " + NODE_NAMES_MAX + ")");
            }
        }

        public static Options table() {
            return new Options(false, List.of(), null);
        }
    }

    /** Splits a -F list like strtok(","): empty items are skipped, at most 10 fields are read. */
    public static List<Field> parseFields(String formatFields) {
        List<Field> fields = new ArrayList<>();
        for (String item : formatFields.split(",")) {
            if (item.isEmpty()) {
                continue;
            }
            if (fields.size() == FORMAT_FIELDS_MAX) {
                break;
            }
            fields.add(switch (item) {
                case "id" -> Field.ID;
                case "name" -> Field.NAME;
                case "type" -> Field.TYPE;
                case "addr" -> Field.ADDR;
                case "votes" -> Field.VOTES;
                case "exp" -> Field.EXP;
                case "state" -> Field.STATE;
                default -> Field.NONE;
            });
        }
        return fields;
    }

    public static String format(List<CmanNode> nodes, int disallowedCount, Options options, ZoneId zone) {
        List<CmanNode> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingLong(CmanNode::nodeId));
        List<Field> fields = options.formatFields() == null ? null : parseFields(options.formatFields());
        StringBuilder out = new StringBuilder(128 + 80 * sorted.size());
        if (disallowedCount > 0) {
            out.append("NOTE: There are ").append(disallowedCount).append(" disallowed nodes,\n");
            out.append("      members list may seem inconsistent across the cluster\n");
        }
        if (fields == null) {
            out.append(HEADER);
        }
        for (CmanNode node : sorted) {
            if (!options.nameFilter().isEmpty() && !options.nameFilter().contains(node.name())) {
                continue;
            }
            if (fields == null) {
                row(out, node, options.addresses(), zone);
            } else {
                fieldsLine(out, node, fields);
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, CmanNode node, boolean addresses, ZoneId zone) {
        String joined = node.joinedEpochSeconds() != 0 && node.membership() != 0
                ? CTime.joined(node.joinedEpochSeconds(), zone)
                : NO_JOIN_TIME;
        out.append(String.format(Locale.ROOT, "%4d   %c  %5d   %s  %s\n", node.nodeId(), node.statusChar(),
                node.incarnation(), joined, node.name()));
        if (addresses && !node.addresses().isEmpty()) {
            out.append("       Addresses: ");
            for (String address : node.addresses()) {
                out.append(address).append(' ');
            }
            out.append('\n');
        }
    }

    private static void fieldsLine(StringBuilder out, CmanNode node, List<Field> fields) {
        for (Field field : fields) {
            switch (field) {
                case ID -> out.append(node.nodeId()).append(' ');
                case NAME -> out.append(node.name()).append(' ');
                case TYPE -> out.append(node.statusChar()).append(' ');
                case VOTES -> out.append(node.votes()).append(' ');
                case EXP -> out.append(node.expectedVotes()).append(' ');
                case STATE -> out.append(node.state().word()).append(' ');
                case ADDR -> out.append(String.join(",", node.addresses())).append(' ');
                case NONE -> { }
            }
        }
        out.append('\n');
    }
}
