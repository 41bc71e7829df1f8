package dev.mlsync.sim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Turns a parsed filter into a predicate over a table's rows, converting literals to each field's type once. */
final class FilterCompiler<R> {
    private final Table<R> table;

    FilterCompiler(Table<R> table) {
        this.table = table;
    }

    Predicate<R> compile(FilterExpr expr) {
        return switch (expr) {
            case FilterExpr.And and -> compile(and.left()).and(compile(and.right()));
            case FilterExpr.Or or -> compile(or.left()).or(compile(or.right()));
            case FilterExpr.Not not -> compile(not.inner()).negate();
            case FilterExpr.Comparison c -> comparison(c);
            case FilterExpr.In in -> in(in);
        };
    }

    private Predicate<R> comparison(FilterExpr.Comparison c) {
        Field<R> field = table.field(c.field(), "$filter", c.position());
        Object literal = convert(field, c.literal());
        EdmType type = field.type();
        if (literal == null) {
            boolean wantNull = c.operator().equals("eq");
            if (!wantNull && !c.operator().equals("ne")) {
                throw SimHttpException.badRequest("Invalid $filter at position " + c.literal().position()
                        + ": null can only be compared with eq or ne");
            }
            return row -> (field.value(row) == null) == wantNull;
        }
        Operator op = Operator.of(c.operator());
        return row -> {
            Object value = field.value(row);
            return value == null ? op == Operator.NE : op.test(Values.compare(type, value, literal));
        };
    }

    private Predicate<R> in(FilterExpr.In in) {
        Field<R> field = table.field(in.field(), "$filter", in.position());
        if (field.type() == EdmType.STRING) {
            Set<Object> values = new HashSet<>();
            in.literals().forEach(l -> values.add(convert(field, l)));
            return row -> values.contains(field.value(row));
        }
        List<Object> values = in.literals().stream().map(l -> convert(field, l)).toList();
        return row -> {
            Object value = field.value(row);
            return value != null && values.stream().anyMatch(v -> v != null && Values.compare(field.type(), value, v) == 0);
        };
    }

    /** The literal as the field type's comparable value, or null for the null literal. */
    Object convert(Field<R> field, FilterExpr.Literal literal) {
        if (literal.kind() == FilterExpr.Kind.NULL) {
            return null;
        }
        Object converted = switch (field.type()) {
            case STRING -> literal.kind() == FilterExpr.Kind.STRING ? literal.value() : null;
            case BOOLEAN -> literal.kind() == FilterExpr.Kind.BOOLEAN ? literal.value() : null;
            case DECIMAL, INT32, DOUBLE -> literal.kind() == FilterExpr.Kind.NUMBER
                    ? ((BigDecimal) literal.value()).doubleValue() : null;
            case DATETIMEOFFSET -> timestamp(literal);
            case DATE -> date(literal);
        };
        if (converted == null) {
            throw SimHttpException.badRequest("Invalid $filter at position " + literal.position() + ": literal "
                    + describe(literal) + " cannot be compared with " + field.name() + " (" + field.type().edmName() + ")");
        }
        return converted;
    }

    private static Object timestamp(FilterExpr.Literal literal) {
        return switch (literal.kind()) {
            case TIMESTAMP -> literal.value();
            case DATE -> (Long) literal.value() * 86_400_000L;
            case STRING -> parseTimestamp((String) literal.value());
            default -> null;
        };
    }

    private static Object date(FilterExpr.Literal literal) {
        return switch (literal.kind()) {
            case DATE -> literal.value();
            case STRING -> parseDate((String) literal.value());
            default -> null;
        };
    }

    private static Object parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Object parseDate(String text) {
        try {
            return LocalDate.parse(text).toEpochDay();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String describe(FilterExpr.Literal literal) {
        return literal.kind() == FilterExpr.Kind.STRING ? "'" + literal.value() + "'" : literal.text();
    }

    private enum Operator {
        EQ, NE, GT, GE, LT, LE;

        static Operator of(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        boolean test(int c) {
            return switch (this) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case LE -> c <= 0;
            };
        }
    }
}
