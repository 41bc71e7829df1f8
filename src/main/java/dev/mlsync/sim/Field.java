package dev.mlsync.sim;

import com.fasterxml.jackson.core.io.SerializedString;

import java.util.function.Function;

/**
 * A top-level field of a resource: its name, OData type and how to read it from a row.
 *
 * @param jsonName the name pre-encoded for the JSON generator
 */
record Field<R>(String name, EdmType type, Function<R, Object> accessor, SerializedString jsonName) {

    Object value(R row) {
        return accessor.apply(row);
    }

    static <R> Field<R> of(String name, EdmType type, Function<R, Object> accessor) {
        return new Field<>(name, type, accessor, new SerializedString(name));
    }
}
