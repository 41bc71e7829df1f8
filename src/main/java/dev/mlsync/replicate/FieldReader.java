package dev.mlsync.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads typed values out of a provider record, tolerant of what providers really send (numbers as
 * strings, timestamps with or without milliseconds or offsets) and strict about what cannot be a
 * value of that type: a wrong type raises {@link RecordRejectedException} naming the field.
 */
final class FieldReader {
    static final int MAX_TEXT_COLUMN = 1_000;

    private final ObjectNode record;

    FieldReader(ObjectNode record) {
        this.record = record;
    }

    private JsonNode value(String field) {
        JsonNode node = record.get(field);
        return node == null || node.isNull() ? null : node;
    }

    String text(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (node.isContainerNode()) {
            throw wrongType(field, "text", node);
        }
        String text = node.asText();
        return text.length() > MAX_TEXT_COLUMN ? text.substring(0, MAX_TEXT_COLUMN) : text;
    }

    BigDecimal decimal(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual() && !node.asText().isBlank()) {
            try {
                return new BigDecimal(node.asText().trim());
            } catch (NumberFormatException e) {
                throw wrongType(field, "a number", node);
            }
        }
        if (node.isTextual()) {
            return null;
        }
        throw wrongType(field, "a number", node);
    }

    Integer integer(String field) {
        BigDecimal decimal = decimal(field);
        if (decimal == null) {
            return null;
        }
        try {
            return decimal.intValueExact();
        } catch (ArithmeticException e) {
            throw wrongType(field, "an integer", record.get(field));
        }
    }

    Double coordinate(String field) {
        BigDecimal decimal = decimal(field);
        return decimal == null ? null : decimal.doubleValue();
    }

    Instant timestamp(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a timestamp", node);
        }
        return parseTimestamp(field, node.asText());
    }

    static Instant parseTimestamp(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text + "Z");
            } catch (DateTimeParseException again) {
                throw new RecordRejectedException("wrong_type", field + ": expected a timestamp, was \""
                        + excerpt(text) + "\"");
            }
        }
    }

    LocalDate date(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        String text = node.asText();
        if (!node.isTextual() || text.length() < 10) {
            throw wrongType(field, "a date", node);
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            throw wrongType(field, "a date", node);
        }
    }

    Boolean bool(String field) {
        JsonNode node = value(field);
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && ("true".equalsIgnoreCase(node.asText()) || "false".equalsIgnoreCase(node.asText()))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw wrongType(field, "true or false", node);
    }

    private static RecordRejectedException wrongType(String field, String expected, JsonNode node) {
        return new RecordRejectedException("wrong_type", field + ": expected " + expected + ", was "
                + excerpt(node.toString()));
    }

    static String excerpt(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
