package dev.mlsync.source.rets;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One {@code <METADATA-X>} block of a GetMetadata answer, whatever its format: COMPACT (COLUMNS and
 * DATA lines) or STANDARD-XML (one element per item whose attributes and child elements are its fields).
 *
 * @param type       SYSTEM, RESOURCE, CLASS, TABLE, LOOKUP_TYPE, OBJECT, ...
 * @param attributes the block's attributes (Resource, Class, Lookup, Version, Date)
 * @param rows       the items, each field name → value
 */
record MetadataTable(String type, Map<String, String> attributes, List<Map<String, String>> rows) {
    private static final String PREFIX = "METADATA-";

    /** Every METADATA-X block of the answer, in order, with its reply. */
    record Answer(RetsReply reply, List<MetadataTable> tables) {
    }

    static Answer read(InputStream body, long maxBytes) throws XMLStreamException {
        XMLStreamReader xml = RetsXml.reader(body, maxBytes);
        try {
            return new Walk(xml).run();
        } finally {
            xml.close();
        }
    }

    /** Walks the document keeping the open METADATA-X blocks on a stack (STANDARD-XML nests them). */
    private static final class Walk {
        private final XMLStreamReader xml;
        private final List<MetadataTable> tables = new ArrayList<>();
        private final Deque<Open> open = new ArrayDeque<>();
        private RetsReply reply;
        private int depth;

        Walk(XMLStreamReader xml) {
            this.xml = xml;
        }

        Answer run() throws XMLStreamException {
            try {
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        start(xml.getLocalName());
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        end();
                        depth--;
                    }
                }
            } catch (XMLStreamException e) {
                throw new XMLStreamException("broken or truncated metadata XML after " + tables.size()
                        + " complete blocks: " + e.getMessage(), e);
            }
            if (reply == null) {
                throw new XMLStreamException("the answer has no <RETS> element");
            }
            return new Answer(reply, tables);
        }

        private void start(String name) throws XMLStreamException {
            if (name.equals("RETS") && reply == null) {
                reply = RetsReply.of(xml.getAttributeValue(null, "ReplyCode"), xml.getAttributeValue(null, "ReplyText"));
                return;
            }
            if (name.startsWith(PREFIX)) {
                open.push(new Open(name.substring(PREFIX.length()), attributes(), depth));
                return;
            }
            Open table = open.peek();
            if (table == null) {
                return;
            }
            if (depth == table.depth + 1) {
                switch (name) {
                    case "DELIMITER" -> table.delimiter = CompactResult.delimiter(xml.getAttributeValue(null, "value"));
                    case "COLUMNS" -> {
                        table.columns = CompactResult.split(xml.getElementText(), table.delimiter);
                        depth--;
                    }
                    case "DATA" -> {
                        table.compactRow(CompactResult.split(xml.getElementText(), table.delimiter));
                        depth--;
                    }
                    default -> table.item = new LinkedHashMap<>(attributes());
                }
            } else if (depth == table.depth + 2 && table.item != null) {
                String field = name;
                String text = xml.getElementText();
                depth--;
                table.item.putIfAbsent(field, text.strip());
            }
        }

        private void end() {
            Open table = open.peek();
            if (table == null) {
                return;
            }
            if (depth == table.depth) {
                open.pop();
                tables.add(new MetadataTable(table.type, table.attributes, List.copyOf(table.rows)));
            } else if (depth == table.depth + 1 && table.item != null) {
                table.rows.add(table.item);
                table.item = null;
            }
        }

        private Map<String, String> attributes() {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < xml.getAttributeCount(); i++) {
                attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
            }
            return attributes;
        }
    }

    private static final class Open {
        private final String type;
        private final Map<String, String> attributes;
        private final int depth;
        private final List<Map<String, String>> rows = new ArrayList<>();
        private char delimiter = CompactResult.DEFAULT_DELIMITER;
        private List<String> columns;
        private Map<String, String> item;

        Open(String type, Map<String, String> attributes, int depth) {
            this.type = type;
            this.attributes = attributes;
            this.depth = depth;
        }

        void compactRow(List<String> values) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; columns != null && i < columns.size() && i < values.size(); i++) {
                row.put(columns.get(i), values.get(i).strip());
            }
            rows.add(row);
        }
    }
}
