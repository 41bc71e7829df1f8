package dev.mlsync.sim;

import java.util.LinkedHashSet;
import java.util.Set;

/** What a filter uses: its fields, its number of 'or' and of {@code OriginatingSystemName eq} clauses. */
record FilterStats(Set<String> fields, int ors, int originatingSystemEquals) {

    static FilterStats of(FilterExpr filter) {
        Set<String> fields = new LinkedHashSet<>();
        int[] counts = new int[2];
        visit(filter, fields, counts);
        return new FilterStats(fields, counts[0], counts[1]);
    }

    private static void visit(FilterExpr expr, Set<String> fields, int[] counts) {
        switch (expr) {
            case FilterExpr.And and -> {
                visit(and.left(), fields, counts);
                visit(and.right(), fields, counts);
            }
            case FilterExpr.Or or -> {
                counts[0]++;
                visit(or.left(), fields, counts);
                visit(or.right(), fields, counts);
            }
            case FilterExpr.Not not -> visit(not.inner(), fields, counts);
            case FilterExpr.Comparison c -> {
                fields.add(c.field());
                if (c.field().equals("OriginatingSystemName") && c.operator().equals("eq")) {
                    counts[1]++;
                }
            }
            case FilterExpr.In in -> fields.add(in.field());
        }
    }
}
