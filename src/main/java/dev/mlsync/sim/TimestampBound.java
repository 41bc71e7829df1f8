package dev.mlsync.sim;

import java.util.List;

/**
 * Skips, by binary search, the prefix of a ModificationTimestamp-ordered view that a filter's implied lower
 * bound on ModificationTimestamp excludes — so incremental and keyset queries do not scan the whole table.
 */
final class TimestampBound {
    private static final String FIELD = "ModificationTimestamp";

    private TimestampBound() {
    }

    static <R> List<R> skipOlder(Table<R> table, FilterExpr filter, List<OrderTerm> order, List<R> sorted) {
        boolean ordered = order.isEmpty() || order.get(0).equals(new OrderTerm(FIELD, false));
        Long bound = filter == null || !ordered || !table.hasField(FIELD) ? null : lowerBound(filter);
        if (bound == null) {
            return sorted;
        }
        Field<R> field = table.field(FIELD, "$filter", 0);
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if ((Long) field.value(sorted.get(mid)) < bound) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return sorted.subList(low, sorted.size());
    }

    /** A timestamp every matching row is at or after, or null when the filter implies none. */
    static Long lowerBound(FilterExpr filter) {
        return switch (filter) {
            case FilterExpr.And and -> max(lowerBound(and.left()), lowerBound(and.right()));
            case FilterExpr.Or or -> min(lowerBound(or.left()), lowerBound(or.right()));
            case FilterExpr.Comparison c when c.field().equals(FIELD) && c.literal().kind() == FilterExpr.Kind.TIMESTAMP
                    && (c.operator().equals("gt") || c.operator().equals("ge") || c.operator().equals("eq")) ->
                    (Long) c.literal().value();
            default -> null;
        };
    }

    private static Long max(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.max(a, b));
    }

    private static Long min(Long a, Long b) {
        if (a == null || b == null) {
            return null;
        }
        return Long.valueOf(Math.min(a, b));
    }
}
