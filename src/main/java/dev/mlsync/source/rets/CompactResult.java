package dev.mlsync.source.rets;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One COMPACT or COMPACT-DECODED search answer: its reply, {@code <COUNT Records>}, columns, rows and
 * whether {@code <MAXROWS/>} said the server stopped before the end. A row whose field count differs
 * from the columns' is kept as a {@link Row} with a problem, so it can be reported, not dropped.
 *
 * @param count records matching the query as the server counted them, or -1 when it did not say
 */
record CompactResult(RetsReply reply, long count, List<String> columns, List<Row> rows, boolean maxRows) {
    static final char DEFAULT_DELIMITER = '\t';

    /** One {@code <DATA>} line: its values by column, or the reason it could not be split. */
    record Row(int number, List<String> values, String problem, String text) {
    }

    static CompactResult read(InputStream body, long maxBytes) throws XMLStreamException {
        XMLStreamReader xml = RetsXml.reader(body, maxBytes);
        try {
            return read(xml);
        } finally {
            xml.close();
        }
    }

    private static CompactResult read(XMLStreamReader xml) throws XMLStreamException {
        RetsReply reply = null;
        long count = -1;
        char delimiter = DEFAULT_DELIMITER;
        List<String> columns = null;
        List<Row> rows = new ArrayList<>();
        boolean maxRows = false;
        try {
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "RETS" -> reply = reply != null ? reply : RetsReply.of(xml.getAttributeValue(null, "ReplyCode"),
                            xml.getAttributeValue(null, "ReplyText"));
                    case "COUNT" -> count = records(xml.getAttributeValue(null, "Records"));
                    case "DELIMITER" -> delimiter = delimiter(xml.getAttributeValue(null, "value"));
                    case "COLUMNS" -> columns = split(xml.getElementText(), delimiter);
                    case "DATA" -> rows.add(row(rows.size() + 1, xml.getElementText(), delimiter, columns));
                    case "MAXROWS" -> maxRows = true;
                    default -> {
                        // RETS-STATUS and other elements say nothing about the records
                    }
                }
            }
        } catch (XMLStreamException e) {
            String at = rows.isEmpty() ? "before the first row" : "after row " + rows.size();
            throw new XMLStreamException("broken or truncated XML " + at + ": " + e.getMessage(), e);
        }
        if (reply == null) {
            throw new XMLStreamException("the answer has no <RETS> element");
        }
        if (!rows.isEmpty() && columns == null) {
            throw new XMLStreamException("DATA rows came without COLUMNS");
        }
        return new CompactResult(reply, count, columns == null ? List.of() : columns, rows, maxRows);
    }

    private static long records(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code <DELIMITER value="09"/>}: the delimiter as two hex digits (RETS 1.7.2 §7.4.3). */
    static char delimiter(String hex) throws XMLStreamException {
        try {
            int code = Integer.parseInt(hex.strip(), 16);
            if (code <= 0 || code > 0xFF) {
                throw new NumberFormatException();
            }
            return (char) code;
        } catch (RuntimeException e) {
            throw new XMLStreamException("DELIMITER value \"" + hex + "\" is not a hex byte like 09");
        }
    }

    /** A COLUMNS or DATA line: values between delimiters, the line starting and ending with one. */
    static List<String> split(String line, char delimiter) {
        String text = line;
        if (!text.isEmpty() && text.charAt(0) == delimiter) {
            text = text.substring(1);
        }
        if (!text.isEmpty() && text.charAt(text.length() - 1) == delimiter) {
            text = text.substring(0, text.length() - 1);
        }
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == delimiter) {
                values.add(text.substring(start, i));
                start = i + 1;
            }
        }
        return values;
    }

    private static Row row(int number, String text, char delimiter, List<String> columns) {
        List<String> values = split(text, delimiter);
        if (columns != null && values.size() != columns.size()) {
            return new Row(number, values, "DATA row " + number + " has " + values.size() + " fields, COLUMNS has "
                    + columns.size(), text);
        }
        return new Row(number, values, null, text);
    }
}
