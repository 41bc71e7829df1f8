package dev.mlsync.sim;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Streams records as JSON objects, honouring {@code $select} and injected corruptions. */
final class RecordWriter {
    private final JsonGenerator generator;
    private final Corruptions corruptions;
    private final char[] chars = new char[Values.TIMESTAMP_LENGTH];

    RecordWriter(JsonGenerator generator, Corruptions corruptions) {
        this.generator = generator;
        this.corruptions = corruptions;
    }

    JsonGenerator generator() {
        return generator;
    }

    /** Writes one record; {@code select} null means every field. */
    <R> void write(Table<R> table, R row, Set<String> select, boolean expand) throws IOException {
        Map<String, String> overrides = corruptions.isEmpty(table.name()) ? null
                : corruptions.of(table.name(), table.keyOf(row));
        generator.writeStartObject();
        for (Field<R> field : table.fields()) {
            if (select == null || select.contains(field.name())) {
                writeField(field, row, overrides);
            }
        }
        if (overrides != null) {
            writeExtraOverrides(table, overrides);
        }
        if (expand) {
            table.writeExpansion(this, row);
        }
        generator.writeEndObject();
    }

    /** Fault: a record cut off mid-object, so the page is no longer valid JSON. */
    <R> void writeBroken(Table<R> table, R row) throws IOException {
        generator.writeRawValue("{\"" + table.keyField() + "\":\"" + table.keyOf(row) + "\",\"ListPrice\":,");
    }

    private <R> void writeField(Field<R> field, R row, Map<String, String> overrides) throws IOException {
        if (overrides != null && overrides.containsKey(field.name())) {
            writeRaw(field.name(), overrides.get(field.name()));
            return;
        }
        generator.writeFieldName(field.jsonName());
        writeValue(field.type(), field.value(row));
    }

    private <R> void writeExtraOverrides(Table<R> table, Map<String, String> overrides) throws IOException {
        Set<String> extra = new HashSet<>(overrides.keySet());
        for (Field<R> field : table.fields()) {
            extra.remove(field.name());
        }
        for (String name : overrides.keySet()) {
            if (extra.contains(name)) {
                writeRaw(name, overrides.get(name));
            }
        }
    }

    private void writeRaw(String name, String rawJson) throws IOException {
        if (rawJson != null) {
            generator.writeFieldName(name);
            generator.writeRawValue(rawJson);
        }
    }

    void writeValue(EdmType type, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        switch (type) {
            case DATETIMEOFFSET -> {
                Values.timestamp((Long) value, chars);
                generator.writeString(chars, 0, Values.TIMESTAMP_LENGTH);
            }
            case DATE -> generator.writeString(Values.date((Long) value));
            case BOOLEAN -> generator.writeBoolean((Boolean) value);
            case STRING -> generator.writeString(value.toString());
            default -> writeNumber(value);
        }
    }

    private void writeNumber(Object value) throws IOException {
        if (value instanceof Double d) {
            generator.writeNumber(d);
        } else {
            generator.writeNumber(((Number) value).longValue());
        }
    }
}
