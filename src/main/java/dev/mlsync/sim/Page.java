package dev.mlsync.sim;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One page of matching rows in the requested order.
 *
 * @param more  whether matching rows remain after this page
 * @param count all matching rows, or -1 when not counted
 */
record Page<R>(List<R> rows, boolean more, long count) {

    /** Selects rows {@code skip .. skip+top} of the filtered, ordered table. */
    static <R> Page<R> select(Table<R> table, FilterExpr filter, List<OrderTerm> order, int skip, int top,
                              boolean count) {
        Predicate<R> predicate = filter == null ? row -> true : new FilterCompiler<>(table).compile(filter);
        List<R> candidates = candidates(table, filter, order);
        List<R> rows = new ArrayList<>(Math.min(top, 5000));
        long matched = 0;
        boolean more = false;
        for (R row : candidates) {
            if (!predicate.test(row)) {
                continue;
            }
            if (matched >= skip && rows.size() < top) {
                rows.add(row);
            } else if (matched >= skip) {
                more = true;
                if (!count) {
                    break;
                }
            }
            matched++;
        }
        return new Page<>(rows, more, count ? matched : -1);
    }

    /** The rows a filter can match, in order: looked up when it pins the lookup field, else the whole table. */
    private static <R> List<R> candidates(Table<R> table, FilterExpr filter, List<OrderTerm> order) {
        Set<String> keys = filter == null ? null : pinnedKeys(filter, table.lookupField());
        if (keys == null || !table.hasLookup()) {
            return TimestampBound.skipOlder(table, filter, order, table.sorted(order));
        }
        Set<R> rows = new LinkedHashSet<>();
        keys.forEach(k -> rows.addAll(table.lookup(k)));
        List<R> sorted = new ArrayList<>(rows);
        sorted.sort(table.comparator(order));
        return sorted;
    }

    /** Values of {@code field eq 'x'} or {@code field in ('x', …)} that must hold for the whole filter, or null. */
    private static Set<String> pinnedKeys(FilterExpr filter, String field) {
        return switch (filter) {
            case FilterExpr.And and -> {
                Set<String> left = pinnedKeys(and.left(), field);
                yield left != null ? left : pinnedKeys(and.right(), field);
            }
            case FilterExpr.Comparison c when c.field().equals(field) && c.operator().equals("eq")
                    && c.literal().kind() == FilterExpr.Kind.STRING -> Set.of((String) c.literal().value());
            case FilterExpr.In in when in.field().equals(field)
                    && in.literals().stream().allMatch(l -> l.kind() == FilterExpr.Kind.STRING) -> {
                Set<String> keys = new LinkedHashSet<>();
                in.literals().forEach(l -> keys.add((String) l.value()));
                yield keys;
            }
            default -> null;
        };
    }
}
