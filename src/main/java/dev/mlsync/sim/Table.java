package dev.mlsync.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A queryable resource: its fields and its rows, with sorted views cached per dataset version.
 * Callers hold the dataset's read lock while they use the rows.
 */
abstract class Table<R> {
    private final String name;
    private final String keyField;
    private final Map<String, Field<R>> fields = new LinkedHashMap<>();
    private final Map<List<OrderTerm>, List<R>> sorted = new HashMap<>();
    private final IntSupplier version;
    private int sortedVersion = -1;

    Table(String name, String keyField, List<Field<R>> fields, IntSupplier version) {
        this.name = name;
        this.keyField = keyField;
        fields.forEach(f -> this.fields.put(f.name(), f));
        this.version = version;
    }

    String name() {
        return name;
    }

    String keyField() {
        return keyField;
    }

    Iterable<Field<R>> fields() {
        return fields.values();
    }

    boolean hasField(String fieldName) {
        return fields.containsKey(fieldName);
    }

    /** The field, or a 400 naming the option and position that used an unknown one. */
    Field<R> field(String fieldName, String option, int position) {
        Field<R> field = fields.get(fieldName);
        if (field == null) {
            throw SimHttpException.badRequest("Invalid " + option + (position > 0 ? " at position " + position : "")
                    + ": unknown field '" + fieldName + "' on " + name);
        }
        return field;
    }

    abstract String keyOf(R row);

    /** All rows in no particular order. */
    abstract List<R> rows();

    /** Whether {@link #lookup} answers for {@link #lookupField()}. */
    boolean hasLookup() {
        return false;
    }

    /** Rows whose {@link #lookupField()} equals {@code value}; only when {@link #hasLookup()}. */
    List<R> lookup(String value) {
        throw new UnsupportedOperationException(name + " has no lookup index");
    }

    /** The field a top-level {@code eq}/{@code in} can be answered from {@link #lookup} for. */
    String lookupField() {
        return keyField;
    }

    List<OrderTerm> defaultOrder() {
        return List.of(new OrderTerm("ModificationTimestamp", false), new OrderTerm(keyField, false));
    }

    /** All rows in the given order (the default order when {@code terms} is empty). */
    synchronized List<R> sorted(List<OrderTerm> terms) {
        if (sortedVersion != version.getAsInt()) {
            sorted.clear();
            sortedVersion = version.getAsInt();
        }
        List<OrderTerm> key = terms.isEmpty() ? defaultOrder() : terms;
        return sorted.computeIfAbsent(key, k -> k.equals(defaultOrder()) ? sortDefault() : sortBy(k));
    }

    protected List<R> sortDefault() {
        return sortBy(defaultOrder());
    }

    private List<R> sortBy(List<OrderTerm> terms) {
        List<R> rows = new ArrayList<>(rows());
        rows.sort(comparator(terms));
        return rows;
    }

    /** Orders by the terms, then by key so that every order is total. */
    Comparator<R> comparator(List<OrderTerm> terms) {
        Comparator<R> result = (a, b) -> 0;
        for (OrderTerm term : terms.isEmpty() ? defaultOrder() : terms) {
            Field<R> field = field(term.field(), "$orderby", 0);
            Comparator<R> c = (a, b) -> Values.compareNullable(field.type(), field.value(a), field.value(b));
            result = result.thenComparing(term.descending() ? c.reversed() : c);
        }
        return result.thenComparing(this::keyOf);
    }

    /** Whether this table writes an expansion (Media) for {@code $expand}. */
    boolean expands() {
        return false;
    }

    /** Writes the expanded navigation property of a row. */
    void writeExpansion(RecordWriter writer, R row) throws java.io.IOException {
    }
}
