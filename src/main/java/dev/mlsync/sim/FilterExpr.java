package dev.mlsync.sim;

import java.util.List;

/** Parsed {@code $filter} syntax tree. Positions are 1-based character offsets into the filter text. */
sealed interface FilterExpr {

    record And(FilterExpr left, FilterExpr right) implements FilterExpr {
    }

    record Or(FilterExpr left, FilterExpr right) implements FilterExpr {
    }

    record Not(FilterExpr inner) implements FilterExpr {
    }

    /** {@code field op literal} with op one of eq, ne, gt, ge, lt, le. */
    record Comparison(String field, String operator, Literal literal, int position) implements FilterExpr {
    }

    record In(String field, List<Literal> literals, int position) implements FilterExpr {
    }

    /** A literal; value is a String, BigDecimal, Long epoch millis, Long epoch day, Boolean or null by kind. */
    record Literal(Kind kind, Object value, String text, int position) {
    }

    enum Kind { STRING, NUMBER, TIMESTAMP, DATE, BOOLEAN, NULL }
}
