package dev.mlsync.sim;

import java.util.List;
import java.util.function.Function;

/** A resource backed by a plain list of state objects (Member, Office, OpenHouse). */
final class ListTable<R> extends Table<R> {
    private final List<R> rows;
    private final Function<R, String> key;

    ListTable(String name, String keyField, List<Field<R>> fields, Dataset data, List<R> rows, Function<R, String> key) {
        super(name, keyField, fields, () -> data.version);
        this.rows = rows;
        this.key = key;
    }

    @Override
    String keyOf(R row) {
        return key.apply(row);
    }

    @Override
    List<R> rows() {
        return rows;
    }
}
