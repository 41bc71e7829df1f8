package dev.mlsync.sim;

import java.util.function.Function;

/** A top-level field of a resource: its name, OData type and how to read it from a row. */
record Field<R>(String name, EdmType type, Function<R, Object> accessor) {

    Object value(R row) {
        return accessor.apply(row);
    }

    static <R> Field<R> of(String name, EdmType type, Function<R, Object> accessor) {
        return new Field<>(name, type, accessor);
    }
}
